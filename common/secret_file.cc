#include "common/secret_file.h"

#include <fstream>

#include "common/logging.h"
#include "common/private_path.h"

namespace surveyor::common {

std::expected<std::string, Error> ReadSecretLine(const std::string& path,
                                                 const std::string& what,
                                                 bool private_only) {
  const std::string name = Printable(path);
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kIo, name + ": cannot read the " + what);
  if (private_only && OthersCanRead(path)) {
    return Fail(ErrorCode::kInvalidArgument,
                name + ": the " + what +
                    " is readable by group or others; make it private to "
                    "its owner (chmod 600 it)");
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                name + ": the " + what + " is empty");
  }
  return line;
}

}  // namespace surveyor::common
