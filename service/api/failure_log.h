// FailureLog: logs refused requests (bad credentials, refused enrollments)
// with the peer address without letting a flood of them flood the log. Per
// kind of refusal (a server-made reason such as "unknown node key"), the
// first of an interval is logged at once; later ones of that kind in the
// same interval are counted and summed up in one line by the first one
// after the interval, or by Flush() (the server calls it from a timer).
// At most kMaxKinds kinds are tracked; more share one. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace surveyor::service {

class FailureLog {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::size_t kMaxKinds = 256;

  // `sink` receives each line (the server passes the "api" logger's warn).
  FailureLog(std::function<void(const std::string&)> sink,
             std::chrono::seconds interval = std::chrono::seconds(10),
             Clock clock = {});

  // One refused request: its kind (server-made text), details (outside
  // text is made printable) and the peer it came from.
  void Note(std::string_view kind, std::string_view detail,
            std::string_view peer);
  // Logs the counts of refusals not logged yet whose interval is over.
  void Flush();

 private:
  struct Window {
    std::chrono::steady_clock::time_point start{};
    long suppressed = 0;
    std::string last;
  };
  // The summary line of `w` when its interval is over; caller holds mu_.
  static std::string TakeSummary(const std::string& kind, Window& w,
                                 std::chrono::steady_clock::time_point now,
                                 std::chrono::seconds interval);

  std::function<void(const std::string&)> sink_;
  std::chrono::seconds interval_;
  Clock clock_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;
};

}  // namespace surveyor::service
