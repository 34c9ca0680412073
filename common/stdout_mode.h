// Standard output as the agent's commands write it: bytes as given (proto
// output is binary) in UTF-8. On Windows (stdout_mode_win32.cc) that means
// binary mode, with no "\n" to "\r\n" translation, and a console set to
// UTF-8; elsewhere (stdout_mode.cc) it already is.
#pragma once

namespace surveyor::common {

void UseRawUtf8Stdout();

}  // namespace surveyor::common
