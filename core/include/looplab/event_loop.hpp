// EventLoop: asyncio's _run_once in C++.
//
// One FIFO ready queue of tasks and callbacks; one min-heap of timers ordered
// by (deadline, id), so timers with equal deadlines fire in the order they
// were set. A tick releases the timers that are due, then runs what is ready.
// Coroutines are resumed only here, from the ready queue (see task.hpp).
//
// Drivers:
//   run_once()            one asyncio-style iteration: due timers, then exactly
//                         the items that were ready when it began;
//   tick(now, budget)     one animation frame: as many iterations as fit in
//                         `budget` seconds of wall time, the rest stays queued;
//   step()                exactly one ready item (a debugger's single step);
//   run_until_complete()  until a task finishes, sleeping (real clock) or
//                         jumping (VirtualClock) over idle gaps;
//   run_until_idle()      until nothing is ready and no timer is pending.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "looplab/clock.hpp"
#include "looplab/detail/ready_queue.hpp"
#include "looplab/detail/runtime.hpp"
#include "looplab/detail/timer_heap.hpp"
#include "looplab/task.hpp"
#include "looplab/task_handle.hpp"
#include "looplab/trace.hpp"

namespace looplab {

inline constexpr double no_deadline = std::numeric_limits<double>::infinity();

// What one tick did.
struct TickResult {
  std::uint32_t resumes = 0;      // ready items run (tasks resumed, callbacks called)
  std::uint32_t timers_fired = 0; // timers released into the ready queue
  std::size_t ready = 0;          // items left in the ready queue
  double next_deadline = no_deadline;
};

// A callback queued by call_soon or set by call_later/call_at.
class CallbackHandle {
public:
  CallbackHandle() noexcept = default;
  CallbackHandle(EventLoop *loop, std::uint32_t id) noexcept : loop_(loop), id_(id) {}
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  // False when it already ran or was already cancelled.
  bool cancel();

private:
  EventLoop *loop_ = nullptr;
  std::uint32_t id_ = 0;
};

class EventLoop {
public:
  EventLoop();                      // real time (a MonotonicClock it owns)
  explicit EventLoop(Clock &clock); // e.g. a VirtualClock; it must outlive the loop
  EventLoop(const EventLoop &) = delete;
  EventLoop &operator=(const EventLoop &) = delete;
  EventLoop(EventLoop &&) = delete;
  EventLoop &operator=(EventLoop &&) = delete;
  // Destroys every pending task's frame (their awaiters unhook themselves) and
  // every queued callback. Handles that outlive the loop see those tasks as
  // cancelled.
  ~EventLoop();

  [[nodiscard]] Clock &clock() noexcept { return *clock_; }
  [[nodiscard]] double time() const { return clock_->now(); }

  // --- scheduling -------------------------------------------------------
  // Starts `task` as a task of this loop: it is queued now and first runs on
  // a later tick. Works for any T; the handle converts to a TaskRef.
  template <class T>
  TaskHandle<T> spawn(Task<T> task, std::string_view name = {}) {
    if (!task.valid()) {
      throw std::invalid_argument("EventLoop::spawn: the Task is empty (moved from or "
                                  "default-constructed)");
    }
    auto h = task.release();
    auto *record = new detail::TaskRecord;
    record->root = h;
    record->resume_at = h;
    record->promise = &h.promise();
    adopt(*record, name); // takes the loop's reference; throws (and frees) on misuse
    TaskHandle<T> handle(record);
    return handle;
  }
  CallbackHandle call_soon(std::function<void()> callback);
  CallbackHandle call_later(double delay, std::function<void()> callback);
  CallbackHandle call_at(double when, std::function<void()> callback);
  // Cancels a callback or callback timer by id. False when it already ran or
  // was cancelled; std::invalid_argument for an id this loop never issued to
  // a callback.
  bool cancel_callback(std::uint32_t id);

  // --- driving ------------------------------------------------------------
  TickResult run_once();
  // One animation frame. `now` is the frame's time on the loop's clock: a
  // VirtualClock is moved to it (never back: std::invalid_argument); a real
  // clock ignores it and is read once. Runs iterations (due timers, then the
  // ready items) until nothing is ready or `budget` seconds of wall time are
  // spent; timers due by the frame's time are released, including ones set
  // during the tick; later ones wait for the next frame. budget <= 0: a single
  // run_once-style iteration. The wall clock is read every few resumes (an
  // interval that adapts to the cost of the steps, up to
  // budget_check_interval()), not on every resume.
  TickResult tick(double now, double budget);
  // Releases due timers, then runs exactly one ready item. False if none.
  bool step();
  template <class T>
  T run_until_complete(Task<T> task) {
    auto handle = spawn(std::move(task));
    drive_until(handle.record());
    if constexpr (std::is_void_v<T>) {
      handle.result();
    } else {
      return handle.take_result();
    }
  }
  template <class T>
  T run_until_complete(const TaskHandle<T> &handle) {
    drive_until(handle.record());
    if constexpr (std::is_void_v<T>) {
      handle.result();
    } else {
      return handle.result();
    }
  }
  void run_until_complete(const TaskRef &task);
  void run_until_idle();

  // --- inspection -----------------------------------------------------------
  [[nodiscard]] std::size_t ready_count() const noexcept { return ready_.size(); }
  [[nodiscard]] std::size_t timer_count() const noexcept { return timers_.size(); }
  [[nodiscard]] std::size_t pending_task_count() const noexcept { return pending_count_; }
  [[nodiscard]] bool idle() const noexcept { return ready_.empty() && timers_.empty(); }
  [[nodiscard]] double next_deadline() const noexcept {
    return timers_.empty() ? no_deadline : timers_.top_deadline();
  }
  [[nodiscard]] bool running() const noexcept { return running_; }
  // Snapshots for inspectors and tests: ids in ready-queue order (front
  // first), and timer ids in firing order (deadline, then id).
  [[nodiscard]] std::vector<std::uint32_t> ready_ids() const;
  [[nodiscard]] std::vector<std::uint32_t> timer_ids() const;
  [[nodiscard]] std::uint32_t tick_count() const noexcept { return tick_no_; }

  // --- configuration --------------------------------------------------------
  // nullptr detaches. A TraceRecorder is written to directly (no virtual
  // call per event); any other sink through TraceSink's virtual functions.
  void set_trace_sink(TraceSink *sink) noexcept;
  [[nodiscard]] TraceSink *trace_sink() const noexcept { return sink_; }
  // The clock the trace's times are read from (nullptr, the default: the
  // loop's own clock). It is read once when a tick or step begins and once
  // after each resume ends (that resume_end gets the fresh reading); every
  // other event of a tick carries the latest reading, so a resume that runs
  // for a second is one second long in the trace while the loop's own clock
  // holds one time per frame. Outside tick/step/run_once each event reads it.
  // Trace times never go back, even if this clock does. It must outlive the
  // loop (or be detached first).
  void set_trace_clock(Clock *clock) noexcept { trace_clock_ = clock; }
  [[nodiscard]] Clock &trace_clock() const noexcept {
    return trace_clock_ != nullptr ? *trace_clock_ : *clock_;
  }
  // The most resumes tick() runs between two readings of the wall clock
  // (default 1024). It starts lower and adapts to the cost of the steps; a
  // value of 1 checks after every resume.
  void set_budget_check_interval(std::uint32_t resumes) noexcept {
    check_interval_ = resumes == 0 ? 1 : resumes;
    interval_ = interval_ < check_interval_ ? interval_ : check_interval_;
  }
  [[nodiscard]] std::uint32_t budget_check_interval() const noexcept { return check_interval_; }
  // The most resumes one tick() runs (0, the default: no limit besides the
  // budget); the rest waits for the next tick. Time alone does not bound what
  // a frame produces: a host that shows every traced event (the playground
  // draws four per resume) caps a frame's work by what it can take in.
  void set_max_resumes_per_tick(std::size_t resumes) noexcept { max_resumes_ = resumes; }
  [[nodiscard]] std::size_t max_resumes_per_tick() const noexcept { return max_resumes_; }
  // Called when a callback throws (the loop carries on). Default: none; the
  // failure is still traced (callback_failed) and kept in last_callback_error().
  void set_callback_error_handler(std::function<void(std::uint32_t, std::string_view)> handler) {
    on_callback_error_ = std::move(handler);
  }
  [[nodiscard]] const std::string &last_callback_error() const noexcept {
    return last_callback_error_;
  }

  // --- for awaitables (sleep, Event, Queue, Future, the bindings' own) --------
  // The loop running the current task, or std::logic_error naming `what`.
  static EventLoop &running_loop(const char *what);
  [[nodiscard]] std::uint32_t next_id() noexcept { return ++last_id_; }
  [[nodiscard]] bool issued(std::uint32_t id) const noexcept { return id != 0 && id <= last_id_; }
  // The task suspends at `h`, waiting on something that will schedule() it.
  void suspend(detail::TaskRecord &task, coro::coroutine_handle<> h, WaitKind kind, double value,
               detail::Wait *wait) noexcept {
    task.resume_at = h;
    task.state = TaskState::waiting;
    task.wait = wait;
    emit(TraceKind::suspended, task.id, static_cast<std::uint32_t>(kind), value);
  }
  // Appends the task to the ready queue.
  void schedule(detail::TaskRecord &task, ScheduleReason reason) {
    if (destroying_) [[unlikely]] {
      return;
    }
    task.state = TaskState::ready;
    task.wait = nullptr;
    ready_.push(&task);
    emit(TraceKind::scheduled, task.id, static_cast<std::uint32_t>(reason), 0);
  }
  // The running task goes to the back of the ready queue (yield_now): the
  // loop's hottest path, so it writes only what it must.
  void yield_current(coro::coroutine_handle<> h) {
    detail::TaskRecord &task = *detail::current_task;
    task.resume_at = h;
    task.state = TaskState::ready;
    ready_.push(&task);
    if (sink_ != nullptr) [[unlikely]] {
      emit_slow(TraceKind::suspended, task.id, static_cast<std::uint32_t>(WaitKind::yield), 0);
      emit_slow(TraceKind::scheduled, task.id, static_cast<std::uint32_t>(ScheduleReason::yield),
                0);
    }
  }
  // Arms `timer` (which must stay put until it fires or is removed).
  void add_timer(detail::Timer &timer, double deadline, std::uint32_t owner);
  // Disarms `timer` (traced as timer_cancelled). No-op if it is not armed.
  void remove_timer(detail::Timer &timer) noexcept;
  // Records a trace event if a sink is attached: one predictable branch otherwise.
  void emit(TraceKind kind, std::uint32_t id, std::uint32_t ref, double value) noexcept {
    if (sink_ != nullptr) [[unlikely]] {
      emit_slow(kind, id, ref, value);
    }
  }
  bool cancel_task(detail::TaskRecord &task);
  void forget(detail::TaskRecord &task) noexcept; // the record is being freed
  void add_done_callback(detail::TaskRecord &task, std::function<void(const TaskRef &)> callback);

private:
  struct Callback : detail::Runnable, detail::Timer {
    std::function<void()> fn;
    bool queued = false;
    bool cancelled = false;
  };
  class RunGuard;

  void adopt(detail::TaskRecord &record, std::string_view name);
  CallbackHandle add_callback(double deadline, std::function<void()> fn, bool timer);
  void enqueue_callback(Callback &cb, ScheduleReason reason);
  static void fire_callback(detail::Timer &timer, EventLoop &loop);
  std::uint32_t release_due(double now);
  void adapt_interval(double chunk_seconds, double budget) noexcept;
  void run_item(detail::Runnable *item);
  void run_task(detail::TaskRecord &task);
  [[gnu::noinline]] void after_resume(detail::TaskRecord &task);
  [[gnu::noinline]] void run_callback(Callback &cb);
  [[gnu::noinline]] void finish(detail::TaskRecord &task, TaskState outcome);
  void deliver_cancel(detail::TaskRecord &task);
  void drive_until(detail::TaskRecord *task);
  void emit_slow(TraceKind kind, std::uint32_t id, std::uint32_t ref, double value) noexcept;
  void read_trace_clock() noexcept;
  [[gnu::noinline]] void emit_resume_end(std::uint32_t id) noexcept;

  std::unique_ptr<Clock> own_clock_;
  Clock *clock_;
  TraceSink *sink_ = nullptr;
  TraceRecorder *recorder_ = nullptr;                           // sink_ when it is a TraceRecorder
  Clock *trace_clock_ = nullptr;                                // nullptr: clock_
  double trace_now_ = -std::numeric_limits<double>::infinity(); // latest trace clock reading
  detail::ReadyQueue ready_;
  detail::TimerHeap timers_;
  std::vector<detail::TaskRecord *>
      records_;                   // every live record: pending, or finished with handles
  std::size_t pending_count_ = 0; // unfinished ones (each holds the loop's reference)
  std::unordered_map<std::uint32_t, Callback> callbacks_;
  std::uint32_t last_id_ = 0;
  std::uint32_t tick_no_ = 0;
  std::uint32_t check_interval_ = 1024; // the most resumes between wall-clock reads
  std::uint32_t interval_ = 8;          // the current number, adapted by tick()
  std::size_t max_resumes_ = 0;         // per tick; 0: no limit
  bool running_ = false;
  bool destroying_ = false;
  std::function<void(std::uint32_t, std::string_view)> on_callback_error_;
  std::string last_callback_error_;
};

} // namespace looplab
