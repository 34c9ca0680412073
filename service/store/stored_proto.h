// How both store backends read a protobuf message back from a blob column.
// Internal to service/store.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::service {

// The message stored in `blob`; kInternal naming `what` when it no longer
// parses.
template <typename Message>
std::expected<Message, common::Error> ParseStored(std::string_view blob,
                                                  const char* what) {
  Message m;
  if (!m.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return common::Fail(common::ErrorCode::kInternal,
                        std::string("stored ") + what + " does not parse");
  }
  return m;
}

}  // namespace surveyor::service
