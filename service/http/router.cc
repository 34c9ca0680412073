#include "service/http/router.h"

#include "common/hash.h"

namespace surveyor::service {
std::optional<std::string> DecodeSegment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    char c = segment[i];
    if (c == '%') {
      if (i + 2 >= segment.size()) return std::nullopt;
      int hi = common::HexDigitValue(segment[i + 1]),
          lo = common::HexDigitValue(segment[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || u < 0x20 || u == 0x7f) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

bool ValidPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  while (!path.empty()) {
    std::size_t slash = path.find('/', 1);
    std::string_view segment =
        path.substr(1, slash == std::string_view::npos ? std::string_view::npos
                                                       : slash - 1);
    if (!DecodeSegment(segment)) return false;
    path = slash == std::string_view::npos ? std::string_view()
                                           : path.substr(slash);
  }
  return true;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  PathParams& params) {
  while (true) {
    if (pattern.empty() || path.empty()) return pattern.empty() && path.empty();
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    std::size_t pe = pattern.find('/');
    std::size_t xe = path.find('/');
    std::string_view pseg = pattern.substr(0, pe);
    auto xseg = DecodeSegment(path.substr(0, xe));
    if (!xseg) return false;
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (xseg->empty()) return false;
      params.emplace(std::string(pseg.substr(1, pseg.size() - 2)),
                     std::move(*xseg));
    } else if (pseg != *xseg) {
      return false;
    }
    pattern =
        pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = xe == std::string_view::npos ? std::string_view() : path.substr(xe);
  }
}

}  // namespace surveyor::service
