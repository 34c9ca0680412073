// Random bytes from Windows' system CSPRNG (CNG).
#include <windows.h>
// windows.h first: bcrypt.h needs its types.
#include <bcrypt.h>

#include <cstdlib>

#include "common/random.h"

namespace surveyor::common {

void FillRandom(char* out, std::size_t size) {
  if (BCryptGenRandom(nullptr, reinterpret_cast<PUCHAR>(out),
                      static_cast<ULONG>(size),
                      BCRYPT_USE_SYSTEM_PREFERRED_RNG) < 0) {
    std::abort();
  }
}

}  // namespace surveyor::common
