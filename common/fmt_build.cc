// fmt's compiled part, built into this project as a static library.
//
// Debian ships fmt only as a shared library. The agent links everything but
// libc statically (see SURVEYOR_STATIC_DEPS in the top CMakeLists.txt), so
// fmt's out-of-line functions are compiled here from fmt's own
// implementation header, plus the explicit instantiations the headers
// declare `extern` in compiled mode. Only what the code base uses is listed;
// a missing one is a link error naming it.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept
    -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept
    -> dragonbox::decimal_fp<double>;
template FMT_API auto thousands_sep_impl(locale_ref)
    -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;

}  // namespace detail
FMT_END_NAMESPACE
