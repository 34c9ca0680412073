// Protocol Buffers text format (configuration, catalog, policy files) with
// errors that name origin:line:column. Stateless; thread-safe.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <expected>
#include <string>
#include <string_view>

#include "common/error.h"

namespace surveyor::common {

// Parses `text` into `out`. Unknown fields and syntax errors are kParse with
// "<origin>:<line>:<column>: <reason>". With `locations`, records where each
// field was, for semantic errors found later.
std::expected<void, Error> ParseTextProto(
    std::string_view text, std::string_view origin,
    google::protobuf::Message& out,
    google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

// Reads the file at `path` (kNotFound naming it when it cannot be opened)
// and parses it as above.
std::expected<void, Error> LoadTextProto(
    const std::string& path, google::protobuf::Message& out,
    google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

// "<line>:<column>" (1-based) of the `index`-th value of `field` recorded in
// `locations`, or "" when unknown.
std::string TextLocation(
    const google::protobuf::TextFormat::ParseInfoTree& locations,
    const google::protobuf::FieldDescriptor* field, int index);

}  // namespace surveyor::common
