// The scheduling trace: the C++ half of docs/trace-format.md (version 1).
//
// An EventLoop with no sink attached pays one predictable branch per event and
// nothing else. TraceRecorder is the sink the bindings drain once per frame:
// bounded, so a runaway snippet cannot eat the heap, with a dropped counter so
// the views can say that events were lost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace looplab {

inline constexpr std::uint32_t trace_format_version = 1;

enum class TraceKind : std::uint32_t {
  tick_begin = 1,
  tick_end = 2,
  task_spawned = 3,
  scheduled = 4,
  resume_begin = 5,
  resume_end = 6,
  suspended = 7,
  timer_set = 8,
  timer_fired = 9,
  timer_cancelled = 10,
  task_done = 11,
  task_failed = 12,
  task_cancelled = 13,
  callback_cancelled = 14,
  callback_failed = 15,
};

// `ref` of a `scheduled` event: why the item entered the ready queue.
enum class ScheduleReason : std::uint32_t {
  spawn = 1,
  yield = 2,
  timer_fired = 3,
  awaited_completed = 4,
  call_soon = 5,
  cancellation = 6,
  external = 7,
};

// `ref` of a `suspended` event: what the task waits on.
enum class WaitKind : std::uint32_t {
  yield = 1,
  sleep = 2,
  task = 3,
  gather = 4,
  event = 5,
  queue_get = 6,
  queue_put = 7,
  external = 8,
};

struct TraceEvent {
  double time = 0;  // loop clock, seconds
  double value = 0; // kind-specific: deadline, budget, awaited id
  std::uint32_t kind = 0;
  std::uint32_t id = 0;
  std::uint32_t ref = 0;
};

const char *to_string(TraceKind kind) noexcept;

// Receives every event of the loop it is attached to, in order.
class TraceSink {
public:
  TraceSink() = default;
  TraceSink(const TraceSink &) = default;
  TraceSink &operator=(const TraceSink &) = default;
  TraceSink(TraceSink &&) = default;
  TraceSink &operator=(TraceSink &&) = default;
  virtual ~TraceSink() = default;
  virtual void on_event(const TraceEvent &event) = 0;
  virtual void on_name(std::uint32_t id, std::string_view name) = 0;     // task names
  virtual void on_error(std::uint32_t id, std::string_view message) = 0; // failure messages
};

// Keeps up to `capacity` events between drains; later ones are counted as dropped.
class TraceRecorder final : public TraceSink {
public:
  struct Batch {
    std::vector<TraceEvent> events;
    std::vector<std::pair<std::uint32_t, std::string>> names;
    std::vector<std::pair<std::uint32_t, std::string>> errors;
    std::uint64_t dropped = 0;
  };

  explicit TraceRecorder(std::size_t capacity = std::size_t{1} << 16);

  void on_event(const TraceEvent &event) override { record(event); }
  // What on_event does, callable without a virtual call (the EventLoop does).
  void record(const TraceEvent &event) {
    if (pending_.events.size() < capacity_) [[likely]] {
      pending_.events.push_back(event);
    } else {
      ++pending_.dropped;
    }
  }
  void on_name(std::uint32_t id, std::string_view name) override;
  void on_error(std::uint32_t id, std::string_view message) override;

  // Everything recorded since the last drain. The returned batch stays valid
  // until the next drain(); its buffers are reused, so draining allocates
  // nothing once the recorder has warmed up.
  const Batch &drain();

  [[nodiscard]] const Batch &pending() const noexcept { return pending_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
  std::size_t capacity_;
  Batch pending_;
  Batch drained_;
};

} // namespace looplab
