#include "service/digest/png_chart.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "service/digest/health_score.h"

namespace surveyor::digest {
namespace {

using Rgb = std::array<std::uint8_t, 3>;

Rgb Parse(const char* hex) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(hex + 1, "%02x%02x%02x", &r, &g, &b);
  return {static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
          static_cast<std::uint8_t>(b)};
}

void Append(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

void Flush(png_structp) {}

}  // namespace

const char* BandColour(int score) {
  auto band = ScoreBand(score);
  if (band == "Excellent") return "#1e7b34";
  if (band == "Good") return "#5a9e2f";
  if (band == "Fair") return "#c9a227";
  if (band == "Poor") return "#d9822b";
  return "#c0392b";
}

std::expected<std::string, common::Error> TrendChartPng(
    const std::vector<ScorePoint>& trend, int width, int height) {
  // Canvas: white, a light grid line at 50 and 100, bars from the bottom.
  const Rgb white{255, 255, 255}, grid{225, 225, 225}, none{200, 200, 200};
  std::vector<Rgb> pixels(static_cast<std::size_t>(width) * height, white);
  auto set = [&](int x, int y, Rgb c) {
    if (x >= 0 && x < width && y >= 0 && y < height) {
      pixels[static_cast<std::size_t>(y) * width + x] = c;
    }
  };
  const int top = 4, bottom = height - 2, span = bottom - top;
  for (int level : {0, 50, 100}) {
    int y = bottom - span * level / 100;
    for (int x = 0; x < width; ++x) set(x, y, grid);
  }
  const int n = trend.empty() ? 1 : static_cast<int>(trend.size());
  const int slot = width / n, gap = std::max(2, slot / 5);
  for (int i = 0; i < static_cast<int>(trend.size()); ++i) {
    const auto& p = trend[static_cast<std::size_t>(i)];
    int value = p.score ? *p.score : 3;
    Rgb colour = p.score ? Parse(BandColour(*p.score)) : none;
    int h = std::max(2, span * value / 100);
    for (int x = i * slot + gap / 2; x < (i + 1) * slot - gap / 2; ++x) {
      for (int y = bottom - h; y < bottom; ++y) set(x, y, colour);
    }
  }

  std::string out;
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) {
    return common::Fail(common::ErrorCode::kInternal, "libpng: out of memory");
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return common::Fail(common::ErrorCode::kInternal,
                        "libpng: encoding the trend chart failed");
  }
  png_set_write_fn(png, &out, Append, Flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width),
               static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    png_write_row(png, reinterpret_cast<png_const_bytep>(
                           &pixels[static_cast<std::size_t>(y) * width]));
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace surveyor::digest
