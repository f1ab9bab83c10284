#include "looplab/trace.hpp"

namespace looplab {

const char *to_string(TraceKind kind) noexcept {
  switch (kind) {
  case TraceKind::tick_begin: return "tick_begin";
  case TraceKind::tick_end: return "tick_end";
  case TraceKind::task_spawned: return "task_spawned";
  case TraceKind::scheduled: return "scheduled";
  case TraceKind::resume_begin: return "resume_begin";
  case TraceKind::resume_end: return "resume_end";
  case TraceKind::suspended: return "suspended";
  case TraceKind::timer_set: return "timer_set";
  case TraceKind::timer_fired: return "timer_fired";
  case TraceKind::timer_cancelled: return "timer_cancelled";
  case TraceKind::task_done: return "task_done";
  case TraceKind::task_failed: return "task_failed";
  case TraceKind::task_cancelled: return "task_cancelled";
  case TraceKind::callback_cancelled: return "callback_cancelled";
  case TraceKind::callback_failed: return "callback_failed";
  }
  return "unknown";
}

TraceRecorder::TraceRecorder(std::size_t capacity) : capacity_(capacity) {
  pending_.events.reserve(capacity < 4096 ? capacity : 4096);
}

void TraceRecorder::on_name(std::uint32_t id, std::string_view name) {
  pending_.names.emplace_back(id, std::string(name));
}

void TraceRecorder::on_error(std::uint32_t id, std::string_view message) {
  pending_.errors.emplace_back(id, std::string(message));
}

const TraceRecorder::Batch &TraceRecorder::drain() {
  std::swap(pending_, drained_);
  pending_.events.clear();
  pending_.names.clear();
  pending_.errors.clear();
  pending_.dropped = 0;
  return drained_;
}

} // namespace looplab
