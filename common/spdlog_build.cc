// spdlog's compiled part, built into this project as a static library.
//
// Debian ships spdlog only as a shared library (which would also pull in
// libstdc++.so and libfmt.so). The agent links everything but libc
// statically (see SURVEYOR_STATIC_DEPS in the top CMakeLists.txt), so
// spdlog's out-of-line functions are compiled here from its "-inl.h"
// implementation headers in compiled-library mode (SPDLOG_COMPILED_LIB),
// with the sink templates this code base instantiates (common/logging.cc:
// the rotating file a Windows service logs to here; the coloured stderr
// sinks, which differ per OS, in spdlog_sinks_posix.cc and
// spdlog_sinks_win32.cc). The Windows build compiles it too, so spdlog and
// fmt are not compiled again in every file that logs. A missing
// instantiation is a link error naming it.
#include <spdlog/common-inl.h>
#include <spdlog/details/backtracer-inl.h>
#include <spdlog/details/file_helper-inl.h>
#include <spdlog/details/log_msg-inl.h>
#include <spdlog/details/log_msg_buffer-inl.h>
#include <spdlog/details/os-inl.h>
#include <spdlog/details/periodic_worker-inl.h>
#include <spdlog/details/registry-inl.h>
#include <spdlog/logger-inl.h>
#include <spdlog/pattern_formatter-inl.h>
#include <spdlog/sinks/base_sink-inl.h>
#include <spdlog/sinks/rotating_file_sink-inl.h>
#include <spdlog/sinks/sink-inl.h>
#include <spdlog/sinks/stdout_sinks-inl.h>
#include <spdlog/spdlog-inl.h>

template class spdlog::sinks::rotating_file_sink<std::mutex>;
template class spdlog::sinks::base_sink<std::mutex>;
