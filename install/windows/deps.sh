#!/usr/bin/env bash
# Builds the libraries the Windows agent needs that Debian does not ship for
# mingw-w64, from Debian's own source packages, into a cache keyed by their
# versions and the compiler's: protobuf (the full library, no protoc), the
# SQLite amalgamation, zstd, Boost.Program_options and GoogleTest. Prints the
# prefix on stdout.
#   install/windows/deps.sh
# Environment: SURVEYOR_MINGW_CACHE (default ~/.cache/surveyor/mingw).
# Needs the deb-src entry install/windows/setup-packages.sh adds.
set -euo pipefail
cache=${SURVEYOR_MINGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/surveyor/mingw}
cc=x86_64-w64-mingw32-gcc-posix
cxx=x86_64-w64-mingw32-g++-posix
jobs=$(nproc)
toolchain=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mingw-w64.cmake

# The newest source version apt knows, e.g. "3.21.12-3+deb12u1".
src_version() { apt-cache showsrc "$1" | sed -n 's/^Version: //p' | sort -V | tail -1; }
v_protobuf=$(src_version protobuf)
v_sqlite=$(src_version sqlite3)
v_zstd=$(src_version libzstd)
v_boost=$(src_version boost1.81)
v_gtest=$(dpkg-query -W -f='${Version}' googletest)
v_gcc=$("$cxx" -dumpfullversion)
key=$(printf '%s\n' "$v_protobuf" "$v_sqlite" "$v_zstd" "$v_boost" "$v_gtest" "$v_gcc" \
      "$(sha256sum "$0" | cut -c1-16)" | sha256sum | cut -c1-16)
prefix="$cache/$key"
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

log() { echo "deps.sh: $*" >&2; }
log "building protobuf $v_protobuf, sqlite3 $v_sqlite, libzstd $v_zstd," \
    "boost1.81 $v_boost, googletest $v_gtest with mingw-w64 $v_gcc into $prefix"
rm -rf "$prefix"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$prefix/include" "$prefix/lib"

# apt-get source NAME, falling back to older versions when a mirror lacks
# the newest one's files (the security archive's sources can be missing).
fetch() {  # name dir-glob
  local name=$1 v
  for v in $(apt-cache showsrc "$name" | sed -n 's/^Version: //p' | sort -rV); do
    if (cd "$work" && apt-get source -qq "$name=$v" >/dev/null 2>&1); then
      return 0
    fi
    log "source of $name $v not available, trying an older one"
  done
  log "no source package of $name could be fetched"; return 1
}

# Optimised for size (-Os): a smaller agent, and faster to compile than -O3.
cmake_configure() {  # source-dir build-dir cmake-args...
  local src=$1 bld=$2; shift 2
  cmake -S "$src" -B "$bld" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
}
cmake_build() {  # source-dir build-dir cmake-args...
  cmake_configure "$@"
  cmake --build "$2" -j"$jobs" >/dev/null
  cmake --install "$2" >/dev/null
}

start=$SECONDS
fetch protobuf
# The full library only (the agent reads text-format config): not the lite
# one, protoc or its library; the host's protoc generates the code, and
# CMake's FindProtobuf finds the headers and library.
cmake_configure "$work"/protobuf-*/ "$work/b-protobuf" \
  -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF \
  -Dprotobuf_BUILD_LIBPROTOC=OFF -Dprotobuf_WITH_ZLIB=OFF \
  -Dprotobuf_BUILD_EXAMPLES=OFF
cmake --build "$work/b-protobuf" -j"$jobs" --target libprotobuf >/dev/null
cp "$work/b-protobuf/libprotobuf.a" "$prefix/lib/"
(cd "$work"/protobuf-*/src &&
   find google \( -name '*.h' -o -name '*.inc' \) -print0 |
     xargs -0 cp --parents -t "$prefix/include")
log "protobuf: $((SECONDS - start)) s"

start=$SECONDS
fetch sqlite3
# No package ships sqlite3.c: the source package generates the amalgamation
# (needs tclsh and the host compiler), then mingw compiles it. One core's
# work from start to end, so it runs beside zstd, Program_options and
# GoogleTest; a failure still fails the script (the wait below).
(
  start=$SECONDS
  cd "$work"/sqlite3-*/
  ./configure >/dev/null && make -s sqlite3.c >/dev/null
  "$cc" -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION \
    -c sqlite3.c -o "$work/sqlite3.o"
  x86_64-w64-mingw32-ar rcs "$prefix/lib/libsqlite3.a" "$work/sqlite3.o"
  cp sqlite3.h sqlite3ext.h "$prefix/include/"
  log "sqlite3: $((SECONDS - start)) s (beside the others)"
) &
sqlite_pid=$!

start=$SECONDS
fetch libzstd
cmake_build "$work"/libzstd-*/build/cmake "$work/b-zstd" \
  -DZSTD_BUILD_PROGRAMS=OFF -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON \
  -DZSTD_BUILD_TESTS=OFF -DZSTD_LEGACY_SUPPORT=OFF
log "zstd: $((SECONDS - start)) s"

start=$SECONDS
# Program_options is the one compiled Boost library the agent uses (the
# others are header-only). Only its source folder is taken from the 74 MB
# source archive, and compiled against the host's headers of the same
# version, as the agent is.
(cd "$work" && apt-get source -qq --download-only "boost1.81=$v_boost" \
   >/dev/null 2>&1) || { log "the source of boost1.81 $v_boost could not be fetched"; exit 1; }
tar -xJf "$work"/boost1.81_*.orig.tar.xz -C "$work" \
  --wildcards 'boost/libs/program_options/src/*'
mkdir -p "$work/po-include" "$work/po"
ln -s /usr/include/boost "$work/po-include/boost"
pids=()
for src in "$work"/boost/libs/program_options/src/*.cpp; do
  "$cxx" -std=c++17 -Os -ffunction-sections -fdata-sections -DBOOST_ALL_NO_LIB \
    -isystem "$work/po-include" -c "$src" -o "$work/po/$(basename "$src" .cpp).o" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done  # a failed compile fails here
x86_64-w64-mingw32-ar rcs "$prefix/lib/libboost_program_options.a" "$work"/po/*.o
log "boost program_options: $((SECONDS - start)) s"

start=$SECONDS
cmake_build /usr/src/googletest "$work/b-gtest" -Dgtest_disable_pthreads=OFF
log "googletest: $((SECONDS - start)) s"

wait "$sqlite_pid"
touch "$prefix/.complete"
# Builds that did not finish (interrupted, failed) leave nothing behind.
for dir in "$cache"/*/; do
  [ -f "$dir/.complete" ] || rm -rf "$dir"
done
echo "$prefix"
