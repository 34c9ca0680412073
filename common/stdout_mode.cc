#include "common/stdout_mode.h"

namespace surveyor::common {

// POSIX streams pass bytes through, and terminals take UTF-8.
void UseRawUtf8Stdout() {}

}  // namespace surveyor::common
