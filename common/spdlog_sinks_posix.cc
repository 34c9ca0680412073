// spdlog's coloured stderr sink on POSIX terminals (ANSI escapes), compiled
// with spdlog_build.cc.
#include <spdlog/sinks/ansicolor_sink-inl.h>
#include <spdlog/sinks/stdout_color_sinks-inl.h>

template class spdlog::sinks::ansicolor_sink<spdlog::details::console_mutex>;
template class spdlog::sinks::ansicolor_stderr_sink<
    spdlog::details::console_mutex>;
template std::shared_ptr<spdlog::logger>
spdlog::stderr_color_mt<spdlog::synchronous_factory>(const std::string&,
                                                     color_mode);
// spdlog's registry makes its default logger on stdout.
template class spdlog::sinks::ansicolor_stdout_sink<
    spdlog::details::console_mutex>;
