// The event log through wevtapi: EvtQuery on the channel, newest first,
// each record formatted with its publisher's messages (EvtFormatMessage,
// EvtFormatMessageXml) or, when the publisher's message file cannot be
// read, rendered bare (EvtRender, EvtRenderEventXml).
#include <windows.h>
// windows.h first: winevt.h needs its types.
#include <winevt.h>

#include <map>
#include <optional>
#include <vector>

#include "collectors/windows/event_log.h"
#include "common/win32_text.h"

namespace surveyor::collectors::windows {
namespace {

using common::ErrorCode;
using common::Fail;

class Evt {
 public:
  explicit Evt(EVT_HANDLE h = nullptr) : h_(h) {}
  ~Evt() {
    if (h_ != nullptr) EvtClose(h_);
  }
  Evt(Evt&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
  Evt& operator=(Evt&&) = delete;
  Evt(const Evt&) = delete;
  Evt& operator=(const Evt&) = delete;
  EVT_HANDLE get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  EVT_HANDLE h_;
};

common::Error LogError(std::string_view channel, std::string_view call,
                       DWORD code) {
  ErrorCode kind = ErrorCode::kIo;
  if (code == ERROR_EVT_CHANNEL_NOT_FOUND || code == ERROR_FILE_NOT_FOUND) {
    kind = ErrorCode::kNotFound;
  } else if (code == ERROR_ACCESS_DENIED) {
    kind = ErrorCode::kPermissionDenied;
  }
  return common::Error{kind, "event log '" + std::string(channel) +
                                 "': " + std::string(call) + ": " +
                                 common::SystemErrorText(code)};
}

// The record as XML, bare.
std::optional<std::wstring> Render(EVT_HANDLE event) {
  DWORD used = 0, props = 0;
  std::vector<wchar_t> buf(4096);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (EvtRender(nullptr, event, EvtRenderEventXml,
                  static_cast<DWORD>(buf.size() * sizeof(wchar_t)), buf.data(),
                  &used, &props)) {
      return std::wstring(buf.data());
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return std::nullopt;
    buf.resize(used / sizeof(wchar_t) + 1);
  }
  return std::nullopt;
}

// The record's provider name, from its System values.
std::wstring ProviderName(EVT_HANDLE context, EVT_HANDLE event) {
  DWORD used = 0, props = 0;
  std::vector<BYTE> buf(2048);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (EvtRender(context, event, EvtRenderEventValues,
                  static_cast<DWORD>(buf.size()), buf.data(), &used, &props)) {
      const auto* values = reinterpret_cast<const EVT_VARIANT*>(buf.data());
      if (props > EvtSystemProviderName &&
          values[EvtSystemProviderName].Type == EvtVarTypeString &&
          values[EvtSystemProviderName].StringVal != nullptr) {
        return values[EvtSystemProviderName].StringVal;
      }
      return {};
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return {};
    buf.resize(used);
  }
  return {};
}

// The record as XML with its RenderingInfo (message, level names).
std::optional<std::wstring> Format(EVT_HANDLE metadata, EVT_HANDLE event) {
  DWORD used = 0;
  std::vector<wchar_t> buf(8192);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (EvtFormatMessage(metadata, event, 0, 0, nullptr, EvtFormatMessageXml,
                         static_cast<DWORD>(buf.size()), buf.data(), &used)) {
      return std::wstring(buf.data());
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return std::nullopt;
    buf.resize(used + 1);
  }
  return std::nullopt;
}

class SystemEventLog final : public EventLog {
 public:
  std::expected<std::vector<std::string>, common::Error> Newest(
      std::string_view channel, std::string_view xpath,
      std::size_t max) override {
    const std::wstring wchannel = common::Wide(channel);
    const std::wstring wxpath = common::Wide(xpath);
    SetLastError(ERROR_SUCCESS);
    Evt query(EvtQuery(nullptr, wchannel.c_str(), wxpath.c_str(),
                       EvtQueryChannelPath | EvtQueryReverseDirection));
    if (!query) {
      const DWORD code = GetLastError();
      if (code == ERROR_SUCCESS) {
        // A wevtapi that runs no query (Wine's stub) says nothing.
        return common::Fail(ErrorCode::kIo,
                            "event log '" + std::string(channel) +
                                "': EvtQuery returned no query and no error");
      }
      return std::unexpected(LogError(channel, "EvtQuery", code));
    }
    Evt context(EvtCreateRenderContext(0, nullptr, EvtRenderContextSystem));
    std::map<std::wstring, Evt> publishers;
    std::vector<std::string> out;
    while (out.size() < max) {
      EVT_HANDLE batch[16];
      DWORD returned = 0;
      if (!EvtNext(query.get(), 16, batch, 5000, 0, &returned)) {
        const DWORD code = GetLastError();
        if (code == ERROR_NO_MORE_ITEMS) break;
        return std::unexpected(LogError(channel, "EvtNext", code));
      }
      std::vector<Evt> events;
      for (DWORD i = 0; i < returned; ++i) events.emplace_back(batch[i]);
      for (const Evt& event : events) {
        if (out.size() >= max) break;
        std::optional<std::wstring> xml;
        if (context) {
          const std::wstring provider =
              ProviderName(context.get(), event.get());
          auto it = publishers.find(provider);
          if (it == publishers.end()) {
            it = publishers
                     .emplace(provider, Evt(provider.empty()
                                                ? nullptr
                                                : EvtOpenPublisherMetadata(
                                                      nullptr, provider.c_str(),
                                                      nullptr, 0, 0)))
                     .first;
          }
          if (it->second) xml = Format(it->second.get(), event.get());
        }
        if (!xml) xml = Render(event.get());
        if (!xml) {
          return std::unexpected(
              LogError(channel, "EvtRender", GetLastError()));
        }
        out.push_back(common::Narrow(*xml));
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<EventLog> NewSystemEventLog() {
  return std::make_unique<SystemEventLog>();
}

}  // namespace surveyor::collectors::windows
