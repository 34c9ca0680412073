// The one error idiom of Surveyor: functions that can fail return
// `std::expected<T, common::Error>`; nothing throws.
//
//   std::expected<Config, common::Error> LoadConfig(std::string_view text);
//   auto config = LoadConfig(text);
//   if (!config) return std::unexpected(config.error());
//
// An Error carries a coarse code (for callers that branch on it) and a message
// for people that names what failed and where ("/var/lib/dpkg/status:42:
// stanza without Package field"). Error is a plain value type; copying it is
// cheap enough for error paths and it is safe to share across threads.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace surveyor::common {

enum class ErrorCode {
  kInvalidArgument,    // The caller passed something unusable.
  kNotFound,           // A file, key or record does not exist.
  kAlreadyExists,      // A record with that name or key exists already.
  kParse,              // Input bytes are malformed.
  kUnsupported,        // A well-formed input of a kind we do not handle.
  kIo,                 // The operating system refused a read or write.
  kPermissionDenied,   // The operating system refused for lack of rights.
  kResourceExhausted,  // A size or count limit was hit.
  kInternal,           // A broken invariant.
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // "message" prefixed with context, e.g. Wrap("reading /etc/os-release").
  Error Wrap(std::string_view context) const {
    return Error{code, std::string(context) + ": " + message};
  }
};

// Shorthand for returning an error: `return Fail(ErrorCode::kParse, "...")`.
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

#define SURVEYOR_CONCAT_INNER_(a, b) a##b
#define SURVEYOR_CONCAT_(a, b) SURVEYOR_CONCAT_INNER_(a, b)

// Returns the error of an expression yielding std::expected<void or T,
// Error> from the enclosing function, which must return std::expected too.
#define SURVEYOR_TRY(expr) \
  SURVEYOR_TRY_IMPL_(SURVEYOR_CONCAT_(surveyor_try_, __COUNTER__), expr)
#define SURVEYOR_TRY_IMPL_(tmp, expr)      \
  do {                                     \
    if (auto tmp = (expr); !tmp) {         \
      return std::unexpected(tmp.error()); \
    }                                      \
  } while (false)

// Evaluates `expr` (a std::expected<T, Error>); on error returns it from the
// enclosing function, otherwise moves the value into `lhs`, which may be a
// declaration:  SURVEYOR_ASSIGN_OR_RETURN(auto rows, store.Hosts(id));
#define SURVEYOR_ASSIGN_OR_RETURN(lhs, expr) \
  SURVEYOR_ASSIGN_OR_RETURN_IMPL_(           \
      SURVEYOR_CONCAT_(surveyor_aor_, __COUNTER__), lhs, expr)
#define SURVEYOR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp) return std::unexpected(tmp.error());        \
  lhs = std::move(*tmp)

// Name of an error code, for logs and tests.
constexpr std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kAlreadyExists:
      return "already-exists";
    case ErrorCode::kParse:
      return "parse";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kPermissionDenied:
      return "permission-denied";
    case ErrorCode::kResourceExhausted:
      return "resource-exhausted";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

}  // namespace surveyor::common
