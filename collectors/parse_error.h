// Where and why a parser rejected its input. Parsers return this (inside
// std::expected or in a list of problems) so the collector can turn it into a
// SectionError naming the file and the line or offset.
#pragma once

#include <cstdint>
#include <string>

namespace surveyor::collectors {

struct ParseError {
  std::uint64_t line = 0;    // 1-based line in a text input; 0 if n/a.
  std::uint64_t offset = 0;  // Byte offset in the input.
  std::string reason;
};

}  // namespace surveyor::collectors
