// The digest's health-score trend as a small PNG bar chart (one bar per
// week, coloured by band, a grey stub for a week without a score), encoded
// by libpng into memory. Labels and values are printed beside it in the
// HTML, so the image needs no fonts. Pure.
//
// Errors: kInternal when libpng fails.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "common/error.h"
#include "service/digest/digest.h"

namespace surveyor::digest {

inline constexpr int kChartWidth = 480, kChartHeight = 120;

std::expected<std::string, common::Error> TrendChartPng(
    const std::vector<ScorePoint>& trend, int width = kChartWidth,
    int height = kChartHeight);

// The band colour of a score as "#rrggbb" (shared by chart and HTML).
const char* BandColour(int score);

}  // namespace surveyor::digest
