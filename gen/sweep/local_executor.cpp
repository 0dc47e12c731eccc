#include "sweep/local_executor.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "sweep/point_runner.hpp"

namespace snapgen::sweep {

namespace {

std::string duration_text(double s) {
  if (s < 90) return fmt::format("{:.0f}s", s);
  if (s < 5400) return fmt::format("{:.0f}m{:02.0f}s", std::floor(s / 60), std::fmod(s, 60));
  return fmt::format("{:.1f}h", s / 3600);
}

class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), tty_(::isatty(STDERR_FILENO) != 0) {}

  void record(std::size_t index, const std::string& id, const PointOutcome& o) {
    std::lock_guard lock(mutex_);
    if (o.status == PointStatus::Skipped) ++s_.skipped;
    else ++s_.ran;
    if (o.status == PointStatus::Failed) {
      ++s_.failed;
      end_line();
      fmt::print(stderr, "sweep: point {} ({}) failed: {}\n", index, id, o.error);
    }
    const std::size_t done = s_.ran + s_.skipped;
    const double elapsed = seconds();
    // ETA from the points actually run (skipped ones cost nothing).
    const std::string eta = s_.ran == 0 || done == total_
                                ? "-"
                                : duration_text(elapsed / static_cast<double>(s_.ran) * static_cast<double>(total_ - done));
    fmt::print(stderr, "{}sweep: {}/{} done, {} failed, {} skipped, elapsed {}, ETA {}{}", tty_ ? "\r" : "", done, total_,
               s_.failed, s_.skipped, duration_text(elapsed), eta, tty_ ? "   " : "\n");
    open_line_ = tty_;
  }

  ExecSummary finish() {
    end_line();
    s_.seconds = seconds();
    return s_;
  }

 private:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  void end_line() {
    if (open_line_) fmt::print(stderr, "\n");
    open_line_ = false;
  }

  std::size_t total_;
  bool tty_;
  bool open_line_ = false;
  std::mutex mutex_;
  ExecSummary s_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

ExecSummary run_local(const nlohmann::ordered_json& plan, const std::filesystem::path& out, int jobs) {
  const std::size_t total = plan["points"].size();
  Progress progress(total);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < total;) {
      PointOutcome o;
      try {
        o = run_point(plan, i, out);
      } catch (const std::exception& e) {  // e.g. disk full: still only this point fails
        o.status = PointStatus::Failed;
        o.error = e.what();
      }
      progress.record(i, plan["points"][i]["id"].get<std::string>(), o);
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int w = 0; w < std::max(1, jobs); ++w) workers.emplace_back(worker);
  }
  return progress.finish();
}

}  // namespace snapgen::sweep
