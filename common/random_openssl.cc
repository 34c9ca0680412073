// Random bytes from OpenSSL's CSPRNG (Linux).
#include <openssl/rand.h>

#include <cstdlib>

#include "common/random.h"

namespace surveyor::common {

void FillRandom(char* out, std::size_t size) {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out),
                 static_cast<int>(size)) != 1) {
    std::abort();
  }
}

}  // namespace surveyor::common
