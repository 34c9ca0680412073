#include <windows.h>

#include "collectors/text_util.h"
#include "collectors/windows/registry_root_win32.h"
#include "collectors/windows/registry_watch.h"
#include "common/win32_text.h"

namespace surveyor::collectors::windows {
namespace {

using common::Wide;

// Subkeys added or removed, values set. Thread-agnostic (Windows 8 and
// later): the notification outlives the thread that asked for it.
constexpr DWORD kFilter = REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET |
                          REG_NOTIFY_THREAD_AGNOSTIC;

}  // namespace

struct RegistryWatch::State {
  HANDLE event = nullptr;
  std::vector<HKEY> keys;
  ~State() {
    for (HKEY key : keys) RegCloseKey(key);
    if (event != nullptr) CloseHandle(event);
  }
};

RegistryWatch::RegistryWatch(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
RegistryWatch::RegistryWatch(RegistryWatch&&) noexcept = default;
RegistryWatch& RegistryWatch::operator=(RegistryWatch&&) noexcept = default;
RegistryWatch::~RegistryWatch() = default;

std::expected<RegistryWatch, common::Error> RegistryWatch::Open(
    const std::vector<std::string>& paths) {
  auto state = std::make_unique<State>();
  // Manual reset: Rearm resets it before asking for the next change.
  state->event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (state->event == nullptr) {
    return common::Fail(common::ErrorCode::kIo, "CreateEvent failed");
  }
  for (const std::string& path : paths) {
    const std::size_t slash = path.find('\\');
    const HKEY root = RegistryRoot(std::string_view(path).substr(0, slash));
    if (root == nullptr || slash == std::string::npos) continue;
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, Wide(path.substr(slash + 1)).c_str(), 0,
                      KEY_NOTIFY | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS) {
      state->keys.push_back(key);
    }
  }
  if (state->keys.empty()) {
    return common::Fail(common::ErrorCode::kNotFound,
                        "none of the registry keys to watch exists");
  }
  RegistryWatch watch(std::move(state));
  if (auto armed = watch.Rearm(); !armed) {
    return std::unexpected(armed.error());
  }
  return watch;
}

void* RegistryWatch::event() const { return state_->event; }

std::expected<void, common::Error> RegistryWatch::Rearm() {
  ResetEvent(state_->event);
  for (HKEY key : state_->keys) {
    // Asynchronous: returns at once; the event is signalled on the change.
    const LSTATUS status =
        RegNotifyChangeKeyValue(key, TRUE, kFilter, state_->event, TRUE);
    if (status != ERROR_SUCCESS) {
      return common::Fail(common::ErrorCode::kIo,
                          "RegNotifyChangeKeyValue failed: " +
                              std::to_string(static_cast<long>(status)));
    }
  }
  return {};
}

bool RegistryWatch::Wait(unsigned long timeout_ms) const {
  return WaitForSingleObject(state_->event, timeout_ms) == WAIT_OBJECT_0;
}

}  // namespace surveyor::collectors::windows
