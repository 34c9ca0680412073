#include "service/http/router.h"

namespace surveyor::service {

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
    std::string_view xseg = path.substr(0, xe);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (xseg.empty()) return false;
      params.emplace(std::string(pseg.substr(1, pseg.size() - 2)),
                     std::string(xseg));
    } else if (pseg != xseg) {
      return false;
    }
    pattern =
        pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = xe == std::string_view::npos ? std::string_view() : path.substr(xe);
  }
}

}  // namespace surveyor::service
