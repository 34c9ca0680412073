// Boost.JSON's compiled part, built from its own sources header where the
// system's library cannot be linked: the Windows agent (mingw-w64; Debian
// ships Boost for Linux only) and the libFuzzer build (tests/fuzz/run.sh,
// libc++ rather than the system library's libstdc++).
#include <boost/json/src.hpp>
