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

// One event per key: Wine 8 signals only the last key registered with an
// event shared by several (found by the daemon's test).
struct RegistryWatch::State {
  std::vector<HKEY> keys;
  std::vector<HANDLE> events;
  ~State() {
    for (HKEY key : keys) RegCloseKey(key);
    for (HANDLE event : events) CloseHandle(event);
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
  for (const std::string& path : paths) {
    const std::size_t slash = path.find('\\');
    const HKEY root = RegistryRoot(std::string_view(path).substr(0, slash));
    if (root == nullptr || slash == std::string::npos) continue;
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, Wide(path.substr(slash + 1)).c_str(), 0,
                      KEY_NOTIFY | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS) {
      // Manual reset: Rearm resets it before asking for the next change.
      HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
      if (event == nullptr) {
        RegCloseKey(key);
        return common::Fail(common::ErrorCode::kIo, "CreateEvent failed");
      }
      state->keys.push_back(key);
      state->events.push_back(event);
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

std::vector<void*> RegistryWatch::events() const {
  return {state_->events.begin(), state_->events.end()};
}

std::expected<void, common::Error> RegistryWatch::Rearm() {
  for (std::size_t i = 0; i < state_->keys.size(); ++i) {
    ResetEvent(state_->events[i]);
    // Asynchronous: returns at once; the event is signalled on the change.
    const LSTATUS status = RegNotifyChangeKeyValue(
        state_->keys[i], TRUE, kFilter, state_->events[i], TRUE);
    if (status != ERROR_SUCCESS) {
      return common::Fail(common::ErrorCode::kIo,
                          "RegNotifyChangeKeyValue failed: " +
                              std::to_string(static_cast<long>(status)));
    }
  }
  return {};
}

bool RegistryWatch::Wait(unsigned long timeout_ms) const {
  const DWORD n = static_cast<DWORD>(state_->events.size());
  const DWORD r =
      WaitForMultipleObjects(n, state_->events.data(), FALSE, timeout_ms);
  return r < WAIT_OBJECT_0 + n;
}

}  // namespace surveyor::collectors::windows
