#include "common/html.h"

#include "common/logging.h"

namespace surveyor::common {

std::string HtmlEscape(std::string_view text, std::size_t max) {
  const std::string s = Printable(text, max);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace surveyor::common
