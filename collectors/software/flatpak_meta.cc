#include "collectors/software/flatpak_meta.h"

#include "collectors/text_util.h"

namespace surveyor::collectors::software {
namespace {

// Value of attribute `name` inside the tag text `tag` ("release version=..").
std::string_view Attribute(std::string_view tag, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    bool boundary = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' ||
                                tag[pos - 1] == '\n' || tag[pos - 1] == '\r');
    std::size_t i = pos + name.size();
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
    if (boundary && i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        char quote = tag[i];
        auto close = tag.find(quote, i + 1);
        if (close == std::string_view::npos) return {};
        return tag.substr(i + 1, close - i - 1);
      }
      return {};
    }
    pos += name.size();
  }
  return {};
}

}  // namespace

std::expected<std::string, ParseError> ParseFlatpakDeployOrigin(
    std::string_view bytes) {
  auto nul = bytes.find('\0');
  if (nul == std::string_view::npos) {
    return std::unexpected(
        ParseError{0, bytes.size(), "deploy data has no terminated origin"});
  }
  std::string_view origin = bytes.substr(0, nul);
  for (std::size_t i = 0; i < origin.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(origin[i]);
    if (c < 0x20 || c == 0x7f) {
      return std::unexpected(
          ParseError{0, i, "origin contains a control character"});
    }
  }
  return std::string(origin);
}

std::string ParseMetainfoVersion(std::string_view xml) {
  std::size_t pos = 0;
  while ((pos = xml.find("<release", pos)) != std::string_view::npos) {
    std::size_t after = pos + 8;
    if (after < xml.size() &&
        (xml[after] == ' ' || xml[after] == '\t' || xml[after] == '\n' ||
         xml[after] == '\r' || xml[after] == '>' || xml[after] == '/')) {
      auto close = xml.find('>', after);
      if (close == std::string_view::npos) return {};
      std::string_view tag = xml.substr(pos + 1, close - pos - 1);
      return DecodeXmlEntities(Attribute(tag, "version"));
    }
    pos = after;  // "<releases>" and the like.
  }
  return {};
}

}  // namespace surveyor::collectors::software
