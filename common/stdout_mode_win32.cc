#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cstdio>

#include "common/stdout_mode.h"

namespace surveyor::common {

void UseRawUtf8Stdout() {
  std::fflush(stdout);
  _setmode(_fileno(stdout), _O_BINARY);
  // Only a console has a code page; a pipe or file takes the bytes as is.
  SetConsoleOutputCP(CP_UTF8);
}

}  // namespace surveyor::common
