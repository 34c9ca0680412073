# CMake toolchain for the Windows agent: mingw-w64 from Debian
# (g++-mingw-w64-x86-64-posix). The -posix compilers, because the default
# win32 thread model has no std::thread with GCC 12. SURVEYOR_MINGW_PREFIX is
# where install/windows/deps.sh put protobuf, SQLite, zstd and GoogleTest.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${SURVEYOR_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Keep the variable for try_compile projects.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SURVEYOR_MINGW_PREFIX)

