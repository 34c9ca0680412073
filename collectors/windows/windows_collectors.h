// The collectors of a Windows machine, under the same names as Linux's
// (host, software, protection, backup) so the server reads their sections
// alike. They read through the interfaces in this folder: the registry
// (RegistryView), WMI (Wmi), the event log (EventLog), the CollectContext's
// HostView and CommandRunner, so the
// same code runs against the live machine (builtin_win32.cc) and against
// fakes in tests.
//
// The registry and WMI are the live machine's: against an offline --root
// each collector records one section error instead of reading them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "collectors/windows/event_log.h"
#include "collectors/windows/registry_view.h"
#include "collectors/windows/wmi.h"

namespace surveyor::collectors::windows {

struct WindowsSources {
  std::shared_ptr<RegistryView> registry;
  std::shared_ptr<Wmi> wmi;
  // Absolute path of wbadmin.exe (System32).
  std::string wbadmin;
  std::shared_ptr<EventLog> events;
  // The drive the CollectContext's HostView root stands for ("C:").
  std::string system_drive = "C:";
};

// host, software, protection and backup, in that order.
std::vector<std::unique_ptr<Collector>> WindowsCollectors(
    const WindowsSources& sources);

// The host collector alone.
std::unique_ptr<Collector> WindowsHostCollector(const WindowsSources& sources);

}  // namespace surveyor::collectors::windows
