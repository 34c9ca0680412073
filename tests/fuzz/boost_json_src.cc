// Boost.JSON compiled into the libFuzzer build (tests/fuzz/run.sh), whose
// libc++ cannot link the system's libstdc++ build of the library.
#include <boost/json/src.hpp>
