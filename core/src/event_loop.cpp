#include "looplab/event_loop.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "looplab/cancellation.hpp"

namespace looplab {

namespace {
std::string describe(const detail::TaskRecord &t) {
  std::string s = "task " + std::to_string(t.id);
  if (t.extras && !t.extras->name.empty()) {
    s += " '" + t.extras->name + "'";
  }
  return s;
}

[[noreturn, gnu::cold, gnu::noinline]] void refuse_run(const char *what, bool destroying) {
  if (destroying) {
    throw std::logic_error(std::string(what) + ": the EventLoop is being destroyed");
  }
  throw std::logic_error(std::string(what) +
                         ": re-entrant call: this EventLoop is already running (it was called "
                         "from a task or callback that the loop is running)");
}
} // namespace

// Refuses re-entrant driving: a task or callback calling run_* or tick() on
// the loop that is running it would resume coroutines from inside a resume.
class EventLoop::RunGuard {
public:
  RunGuard(EventLoop &loop, const char *what) : loop_(loop) {
    if (loop.running_ || loop.destroying_) [[unlikely]] {
      refuse_run(what, loop.destroying_);
    }
    loop.running_ = true;
  }
  RunGuard(const RunGuard &) = delete;
  RunGuard &operator=(const RunGuard &) = delete;
  RunGuard(RunGuard &&) = delete;
  RunGuard &operator=(RunGuard &&) = delete;
  ~RunGuard() { loop_.running_ = false; }

private:
  EventLoop &loop_;
};

bool CallbackHandle::cancel() {
  if (loop_ == nullptr) {
    throw std::logic_error("CallbackHandle::cancel: an empty handle refers to no callback");
  }
  return loop_->cancel_callback(id_);
}

EventLoop::EventLoop() : own_clock_(std::make_unique<MonotonicClock>()), clock_(own_clock_.get()) {}

EventLoop::EventLoop(Clock &clock) : clock_(&clock) {}

EventLoop::~EventLoop() {
  destroying_ = true;
  sink_ = nullptr;
  // 1. Destroy every pending task's frame first, while the heap and lists are
  //    intact: their awaiters' destructors unhook timers and waiter nodes.
  //    (Pending records cannot be freed meanwhile: the loop holds a reference.)
  std::vector<detail::TaskRecord *> pending;
  for (detail::TaskRecord *t : records_) {
    if (!t->finished()) {
      pending.push_back(t);
    }
  }
  for (detail::TaskRecord *t : pending) {
    t->state = TaskState::cancelled;
    if (t->root) {
      auto root = t->root;
      t->root = {};
      t->promise = nullptr;
      root.destroy();
    }
  }
  ready_.clear();
  timers_.clear();
  callbacks_.clear();
  // 2. Detach every surviving record, holding each while we do, since
  //    dropping done callbacks may free others.
  const std::vector<detail::TaskRecord *> all = records_;
  records_.clear();
  for (detail::TaskRecord *t : all) {
    detail::retain(t);
    t->loop = nullptr;
    t->loop_index = detail::npos;
  }
  for (detail::TaskRecord *t : all) {
    t->waiters.clear();
    if (t->extras) {
      t->extras->done_callbacks.clear(); // they may hold handles to the task itself
    }
  }
  for (detail::TaskRecord *t : pending) {
    detail::release(t); // the loop's own references
  }
  pending_count_ = 0;
  for (detail::TaskRecord *t : all) {
    detail::release(t);
  }
}

void EventLoop::forget(detail::TaskRecord &t) noexcept {
  detail::TaskRecord *last = records_.back();
  records_[t.loop_index] = last;
  last->loop_index = t.loop_index;
  records_.pop_back();
  t.loop_index = detail::npos;
}

namespace detail {
TaskRecord::~TaskRecord() {
  if (loop != nullptr && loop_index != npos) {
    loop->forget(*this);
  }
  if (root) {
    root.destroy();
  }
}
} // namespace detail

EventLoop &EventLoop::running_loop(const char *what) { return *detail::running_task(what).loop; }

// --- tasks ---------------------------------------------------------------

void EventLoop::adopt(detail::TaskRecord &t, std::string_view name) {
  try {
    if (destroying_) {
      throw std::logic_error("EventLoop::spawn: the EventLoop is being destroyed");
    }
    if (t.promise->awaited || t.root.done()) {
      throw std::invalid_argument("EventLoop::spawn: this Task already ran (it was awaited)");
    }
    t.loop = this;
    t.kind = detail::RunnableKind::task;
    const detail::TaskRecord *parent = detail::current_task;
    t.parent = parent != nullptr && parent->loop == this ? parent->id : 0;
    if (!name.empty()) {
      t.extra().name = name;
    }
    records_.push_back(&t);
    t.loop_index = static_cast<std::uint32_t>(records_.size() - 1);
    ++pending_count_;
    t.id = next_id();
  } catch (...) {
    delete &t; // and with it the frame, which spawn() took over from the Task
    throw;
  }
  emit(TraceKind::task_spawned, t.id, t.parent, 0);
  if (sink_ != nullptr && !name.empty()) {
    sink_->on_name(t.id, name);
  }
  schedule(t, ScheduleReason::spawn);
}

bool EventLoop::cancel_task(detail::TaskRecord &t) {
  if (t.finished() || destroying_) {
    return false;
  }
  t.cancel_requested = true;
  if (t.state == TaskState::waiting) {
    deliver_cancel(t);
  }
  // ready: delivered when it resumes (or before its first step);
  // running: delivered when it next suspends (see run_task).
  return true;
}

void EventLoop::deliver_cancel(detail::TaskRecord &t) {
  if (t.wait != nullptr) {
    detail::Wait *w = t.wait;
    t.wait = nullptr;
    w->undo(*w);
  }
  schedule(t, ScheduleReason::cancellation);
}

void EventLoop::add_done_callback(detail::TaskRecord &t,
                                  std::function<void(const TaskRef &)> callback) {
  if (!callback) {
    throw std::invalid_argument("add_done_callback: the callback is empty");
  }
  if (t.finished()) {
    call_soon([cb = std::move(callback), ref = TaskRef(&t)] { cb(ref); });
  } else {
    t.extra().done_callbacks.push_back(std::move(callback));
  }
}

// The hot path: one resume of one task. Rare outcomes are out of line so
// this stays small enough to inline into the drivers.
[[gnu::always_inline]] inline void EventLoop::run_task(detail::TaskRecord &t) {
  if (t.cancel_requested && !t.started) [[unlikely]] {
    finish(t, TaskState::cancelled); // asyncio: cancelled before its first step, it never runs
    return;
  }
  t.started = true;
  t.state = TaskState::running;
  detail::TaskRecord *const outer = detail::current_task;
  detail::current_task = &t;
  do {
    t.hop = false;
    t.resume_at.resume();
  } while (t.hop);
  detail::current_task = outer;
  if (t.state != TaskState::ready) [[unlikely]] {
    after_resume(t);
  }
}

void EventLoop::after_resume(detail::TaskRecord &t) {
  if (t.root.done()) {
    finish(t, TaskState::done);
  } else if (t.state == TaskState::running) {
    t.promise->exception = std::make_exception_ptr(std::logic_error(
        describe(t) + " suspended on an awaitable that does not belong to an EventLoop, so "
                      "nothing would ever resume it; await looplab awaitables (sleep, "
                      "yield_now, Event, Queue, Future, task handles)"));
    finish(t, TaskState::failed);
  } else if (t.cancel_requested && t.state == TaskState::waiting) {
    deliver_cancel(t); // it cancelled itself, or was cancelled while it ran
  }
}

void EventLoop::finish(detail::TaskRecord &t, TaskState outcome) {
  std::string message;
  if (outcome != TaskState::cancelled && t.promise->exception) {
    try {
      std::rethrow_exception(t.promise->exception);
    } catch (const Cancelled &) {
      outcome = TaskState::cancelled;
    } catch (const std::exception &e) {
      outcome = TaskState::failed;
      message = e.what();
    } catch (...) {
      outcome = TaskState::failed;
      message = "unknown exception (not derived from std::exception)";
    }
  }
  t.state = outcome;
  t.cancel_requested = false;
  t.wait = nullptr;
  switch (outcome) {
  case TaskState::done: emit(TraceKind::task_done, t.id, 0, 0); break;
  case TaskState::cancelled: emit(TraceKind::task_cancelled, t.id, 0, 0); break;
  default:
    t.extra().error = message;
    if (sink_ != nullptr) {
      sink_->on_error(t.id, message);
    }
    emit(TraceKind::task_failed, t.id, 0, 0);
    break;
  }
  t.waiters.wake_all();
  if (t.extras && !t.extras->done_callbacks.empty()) {
    auto callbacks = std::move(t.extras->done_callbacks);
    for (auto &cb : callbacks) {
      call_soon([cb = std::move(cb), ref = TaskRef(&t)] { cb(ref); });
    }
  }
  // Drop the loop's reference; the record stays listed until it is freed.
  --pending_count_;
  detail::release(&t);
}

// --- callbacks and timers --------------------------------------------------

CallbackHandle EventLoop::call_soon(std::function<void()> callback) {
  return add_callback(0, std::move(callback), false);
}

CallbackHandle EventLoop::call_later(double delay, std::function<void()> callback) {
  if (!(delay >= 0) || std::isinf(delay)) {
    throw std::invalid_argument("EventLoop::call_later(" + std::to_string(delay) +
                                "): delay must be a finite number of seconds >= 0");
  }
  return add_callback(time() + delay, std::move(callback), true);
}

CallbackHandle EventLoop::call_at(double when, std::function<void()> callback) {
  if (!std::isfinite(when)) {
    throw std::invalid_argument("EventLoop::call_at(" + std::to_string(when) +
                                "): when must be a finite time on the loop's clock");
  }
  return add_callback(when, std::move(callback), true);
}

CallbackHandle EventLoop::add_callback(double deadline, std::function<void()> fn, bool timer) {
  if (!fn) {
    throw std::invalid_argument("EventLoop: the callback is empty");
  }
  if (destroying_) {
    throw std::logic_error("EventLoop: cannot add a callback while the loop is being destroyed");
  }
  const std::uint32_t id = next_id();
  Callback &cb = callbacks_[id];
  cb.Runnable::id = id;
  cb.kind = detail::RunnableKind::callback;
  cb.fn = std::move(fn);
  if (timer) {
    cb.Timer::id = id; // a callback timer is one id: set, fired, run
    cb.fire = &fire_callback;
    add_timer(cb, deadline, 0);
  } else {
    enqueue_callback(cb, ScheduleReason::call_soon);
  }
  return {this, id};
}

void EventLoop::enqueue_callback(Callback &cb, ScheduleReason reason) {
  cb.queued = true;
  ready_.push(&cb);
  emit(TraceKind::scheduled, cb.Runnable::id, static_cast<std::uint32_t>(reason), 0);
}

void EventLoop::fire_callback(detail::Timer &timer, EventLoop &loop) {
  loop.enqueue_callback(static_cast<Callback &>(timer), ScheduleReason::timer_fired);
}

bool EventLoop::cancel_callback(std::uint32_t id) {
  const auto it = callbacks_.find(id);
  if (it == callbacks_.end()) {
    if (issued(id)) {
      return false; // it ran, or was cancelled, already
    }
    throw std::invalid_argument("EventLoop::cancel_callback(" + std::to_string(id) +
                                "): this loop never issued that id");
  }
  Callback &cb = it->second;
  if (cb.armed()) {
    remove_timer(cb);
    callbacks_.erase(it);
    return true;
  }
  if (cb.queued && !cb.cancelled) {
    cb.cancelled = true; // stays queued and is skipped when popped, as in asyncio
    emit(TraceKind::callback_cancelled, id, 0, 0);
    return true;
  }
  return false; // running right now
}

void EventLoop::run_callback(Callback &cb) {
  const std::uint32_t id = cb.Runnable::id;
  cb.queued = false;
  if (!cb.cancelled) {
    std::string failure;
    try {
      cb.fn();
    } catch (const std::exception &e) {
      failure = e.what();
      if (failure.empty()) {
        failure = "exception with an empty message";
      }
    } catch (...) {
      failure = "unknown exception (not derived from std::exception)";
    }
    if (!failure.empty()) [[unlikely]] {
      last_callback_error_ = failure;
      if (sink_ != nullptr) {
        sink_->on_error(id, failure);
      }
      emit(TraceKind::callback_failed, id, 0, 0);
      if (on_callback_error_) {
        try {
          on_callback_error_(id, failure);
        } catch (...) { // a failing error handler must not stop the loop either
        }
      }
    }
  }
  callbacks_.erase(id);
}

void EventLoop::add_timer(detail::Timer &timer, double deadline, std::uint32_t owner) {
  if (timer.id == 0) {
    timer.id = next_id();
  }
  timer.deadline = deadline;
  timers_.push(timer);
  emit(TraceKind::timer_set, timer.id, owner, deadline);
}

void EventLoop::remove_timer(detail::Timer &timer) noexcept {
  if (timer.armed()) {
    timers_.remove(timer);
    emit(TraceKind::timer_cancelled, timer.id, 0, 0);
  }
}

std::uint32_t EventLoop::release_due(double now) {
  std::uint32_t fired = 0;
  while (!timers_.empty() && timers_.top_deadline() <= now) {
    detail::Timer *t = timers_.pop();
    emit(TraceKind::timer_fired, t->id, 0, t->deadline);
    t->fire(*t, *this);
    ++fired;
  }
  return fired;
}

// --- driving ---------------------------------------------------------------

[[gnu::always_inline]] inline void EventLoop::run_item(detail::Runnable *item) {
  const std::uint32_t id = item->id; // the item may be freed by the time it ends
  emit(TraceKind::resume_begin, id, 0, 0);
  if (item->kind == detail::RunnableKind::task) [[likely]] {
    run_task(*static_cast<detail::TaskRecord *>(item));
  } else {
    run_callback(*static_cast<Callback *>(item));
  }
  if (sink_ != nullptr) [[unlikely]] {
    emit_resume_end(id);
  }
}

TickResult EventLoop::run_once() {
  const RunGuard guard(*this, "EventLoop::run_once");
  TickResult r;
  ++tick_no_;
  if (sink_ != nullptr) [[unlikely]] {
    read_trace_clock();
  }
  emit(TraceKind::tick_begin, tick_no_, 0, 0);
  if (!timers_.empty()) {
    r.timers_fired = release_due(clock_->now());
  }
  const std::size_t n = ready_.size();
  for (std::size_t i = 0; i < n; ++i) {
    run_item(ready_.pop());
  }
  r.resumes = static_cast<std::uint32_t>(n);
  r.ready = ready_.size();
  r.next_deadline = next_deadline();
  emit(TraceKind::tick_end, tick_no_, r.resumes, r.next_deadline);
  return r;
}

TickResult EventLoop::tick(double now, double budget) {
  const RunGuard guard(*this, "EventLoop::tick");
  clock_->advance_to(now);
  if (!(budget > 0)) {
    budget = 0;
  }
  // One time for the whole frame: timers due by the frame's time are
  // released (including ones set during the frame); later ones wait for the
  // next frame. It also keeps (real) clock reads off the per-pass path.
  const double t = clock_->now();
  const auto due = [&] { return !timers_.empty() && timers_.top_deadline() <= t; };
  TickResult r;
  ++tick_no_;
  if (sink_ != nullptr) [[unlikely]] {
    read_trace_clock();
  }
  emit(TraceKind::tick_begin, tick_no_, 0, budget);
  double last_check = budget > 0 ? wall_seconds() : 0;
  const double wall_end = last_check + budget;
  std::uint32_t countdown = interval_;
  std::size_t resumes = 0;
  const std::size_t cap =
      max_resumes_ == 0 ? std::numeric_limits<std::size_t>::max() : max_resumes_;
  bool spent = false;
  do {
    if (due()) {
      r.timers_fired += release_due(t);
    }
    // Run this pass's items in chunks that end where the wall clock is due
    // to be read, so the inner loop is as tight as run_once's.
    std::size_t n = ready_.size();
    if (n > cap - resumes) {
      n = cap - resumes;
    }
    while (n > 0) {
      const std::size_t chunk = n < countdown ? n : countdown;
      for (std::size_t i = 0; i < chunk; ++i) {
        run_item(ready_.pop());
      }
      n -= chunk;
      resumes += chunk;
      countdown -= static_cast<std::uint32_t>(chunk);
      if (countdown == 0) {
        if (budget > 0) {
          const double w = wall_seconds();
          if (w >= wall_end) {
            spent = true;
            break;
          }
          adapt_interval(w - last_check, budget);
          last_check = w;
        }
        countdown = interval_;
      }
    }
    if (resumes == cap) {
      spent = true; // the rest is next tick's: see set_max_resumes_per_tick
    }
  } while (budget > 0 && !spent && (!ready_.empty() || due()));
  r.resumes = static_cast<std::uint32_t>(resumes);
  r.ready = ready_.size();
  r.next_deadline = next_deadline();
  emit(TraceKind::tick_end, tick_no_, r.resumes, r.next_deadline);
  return r;
}

// Reading the wall clock costs about as much as dozens of resumes (a JS call
// in wasm), so tick() reads it every interval_ resumes. The interval adapts:
// it doubles while a chunk takes a sliver of the budget (cheap steps) and
// halves when one takes a real share of it (expensive steps), so the budget
// is neither overshot by much nor checked needlessly. It stays between 1 and
// budget_check_interval().
void EventLoop::adapt_interval(double chunk_seconds, double budget) noexcept {
  if (chunk_seconds > budget / 16) {
    interval_ = interval_ > 1 ? interval_ / 2 : 1;
  } else if (chunk_seconds < budget / 256 && interval_ < check_interval_) {
    interval_ = interval_ * 2 < check_interval_ ? interval_ * 2 : check_interval_;
  }
}

bool EventLoop::step() {
  const RunGuard guard(*this, "EventLoop::step");
  if (sink_ != nullptr) [[unlikely]] {
    read_trace_clock();
  }
  release_due(clock_->now());
  if (ready_.empty()) {
    return false;
  }
  run_item(ready_.pop());
  return true;
}

void EventLoop::drive_until(detail::TaskRecord *task) {
  if (running_) {
    throw std::logic_error("EventLoop::run_until_complete: re-entrant call: this EventLoop is "
                           "already running (it was called from a task or callback that the "
                           "loop is running)");
  }
  if (task == nullptr) {
    throw std::invalid_argument("EventLoop::run_until_complete: the handle refers to no task");
  }
  if (task->loop != this && !task->finished()) {
    throw std::invalid_argument("EventLoop::run_until_complete: " + describe(*task) +
                                " belongs to another EventLoop");
  }
  while (!task->finished()) {
    if (ready_.empty() && (timers_.empty() || timers_.top_deadline() > clock_->now())) {
      if (timers_.empty()) {
        throw std::logic_error("EventLoop::run_until_complete: " + describe(*task) +
                               " can never finish: nothing is ready and no timer is pending "
                               "(is it waiting for an Event, Queue or Future nobody will "
                               "complete?)");
      }
      clock_->wait_until(timers_.top_deadline());
    }
    run_once();
  }
}

void EventLoop::run_until_complete(const TaskRef &task) {
  drive_until(task.record());
  detail::check_result(task.record());
}

void EventLoop::run_until_idle() {
  if (running_) {
    throw std::logic_error("EventLoop::run_until_idle: re-entrant call: this EventLoop is "
                           "already running (it was called from a task or callback that the "
                           "loop is running)");
  }
  while (!idle()) {
    if (ready_.empty() && timers_.top_deadline() > clock_->now()) {
      clock_->wait_until(timers_.top_deadline());
    }
    run_once();
  }
}

std::vector<std::uint32_t> EventLoop::ready_ids() const {
  std::vector<std::uint32_t> ids;
  ids.reserve(ready_.size());
  for (std::size_t i = 0; i < ready_.size(); ++i) {
    ids.push_back(ready_.at(i)->id);
  }
  return ids;
}

std::vector<std::uint32_t> EventLoop::timer_ids() const { return timers_.ids_in_order(); }

void EventLoop::set_trace_sink(TraceSink *sink) noexcept {
  sink_ = sink;
  recorder_ = dynamic_cast<TraceRecorder *>(sink);
}

// Trace times: one clock read per resume, not one per event (a clock read is
// a virtual call, and in the bindings' real-clock mode a call into JS).
void EventLoop::read_trace_clock() noexcept {
  try {
    const double t = trace_clock().now();
    if (t > trace_now_) { // never back, so the trace stays ordered in time
      trace_now_ = t;
    }
  } catch (...) { // a clock that cannot be read keeps the last reading
  }
}

void EventLoop::emit_slow(TraceKind kind, std::uint32_t id, std::uint32_t ref,
                          double value) noexcept {
  if (!running_) { // between ticks (a spawn or call_later from the host): read now
    read_trace_clock();
  }
  const TraceEvent event{trace_now_, value, static_cast<std::uint32_t>(kind), id, ref};
  try {
    if (recorder_ != nullptr) [[likely]] {
      recorder_->record(event);
    } else {
      sink_->on_event(event);
    }
  } catch (...) { // a sink that cannot record (out of memory) must not stop the loop
  }
}

// The end of a resume is where its time went: read the trace clock, so the
// run bar of a resume that busy-waited is as long as the wait.
void EventLoop::emit_resume_end(std::uint32_t id) noexcept {
  read_trace_clock();
  emit_slow(TraceKind::resume_end, id, 0, 0);
}

} // namespace looplab
