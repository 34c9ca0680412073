// Reads a fixture file under tests/fixtures for the parser tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace surveyor::testing {

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(SURVEYOR_FIXTURES) + "/" + relative,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace surveyor::testing
