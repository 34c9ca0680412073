// Change notification on registry keys (Windows only): the Windows
// counterpart of the Linux daemon's inotify on the package databases, so
// software is collected again shortly after a program is installed or
// removed (its Uninstall key changes). A waitable event per watched key is
// signalled when it, or any key below it, gains, loses or changes a subkey
// or value; RegNotifyChangeKeyValue fires across processes. The daemon
// waits on events() (asio::windows::object_handle) and calls Rearm() after
// a signal.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"

namespace surveyor::collectors::windows {

class RegistryWatch {
 public:
  // Watches `paths` (regedit's long root names, as RegistryView takes); a
  // key that does not exist is not watched. Fails when none can be.
  static std::expected<RegistryWatch, common::Error> Open(
      const std::vector<std::string>& paths);

  RegistryWatch(RegistryWatch&&) noexcept;
  RegistryWatch& operator=(RegistryWatch&&) noexcept;
  ~RegistryWatch();

  // The events (HANDLEs), one per watched key, signalled on its change.
  std::vector<void*> events() const;
  // Resets the events and asks for the next change on every key.
  std::expected<void, common::Error> Rearm();
  // Waits up to `timeout_ms` for a change; true when one came.
  bool Wait(unsigned long timeout_ms) const;

 private:
  struct State;
  explicit RegistryWatch(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace surveyor::collectors::windows
