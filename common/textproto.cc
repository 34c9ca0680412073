#include "common/textproto.h"

#include <google/protobuf/io/tokenizer.h>

#include <fstream>
#include <sstream>

namespace surveyor::common {
namespace {

class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      // The parser counts from 0.
      first_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) +
               ": " + message;
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

std::expected<void, Error> ParseTextProto(
    std::string_view text, std::string_view origin,
    google::protobuf::Message& out,
    google::protobuf::TextFormat::ParseInfoTree* locations) {
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (locations != nullptr) parser.WriteLocationsTo(locations);
  if (!parser.ParseFromString(std::string(text), &out)) {
    return Fail(ErrorCode::kParse, std::string(origin) + ":" + errors.first());
  }
  return {};
}

std::expected<void, Error> LoadTextProto(
    const std::string& path, google::protobuf::Message& out,
    google::protobuf::TextFormat::ParseInfoTree* locations) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseTextProto(ss.str(), path, out, locations);
}

std::string TextLocation(
    const google::protobuf::TextFormat::ParseInfoTree& locations,
    const google::protobuf::FieldDescriptor* field, int index) {
  auto loc = locations.GetLocation(field, index);
  if (loc.line < 0) return "";
  return std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
}

}  // namespace surveyor::common
