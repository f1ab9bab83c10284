// The coroutines behind the tasks JS sees. Each carries its JsHandle and tells
// JS exactly once how it ended, before the loop wakes anyone who awaits it,
// so JS has the result or error ready when they resume.
#include <stdexcept>
#include <string>

#include "external.hpp"
#include "gather.hpp"
#include "js_error.hpp"
#include "runtime.hpp"

namespace looplab::wasm {

namespace {

// Tells JS how a native task ended, from the exception that ended it.
void settle_from(JsHandle &js, const std::exception_ptr &e) {
  try {
    std::rethrow_exception(e);
  } catch (const JsError &err) {
    js.settle(settle_failed, err.key());
  } catch (const Cancelled &) {
    js.settle(settle_cancelled);
  } catch (const TimeoutError &err) {
    js.settle(settle_timeout, 0, err.what());
  } catch (const std::exception &err) {
    js.settle(settle_failed, 0, err.what());
  } catch (...) {
    js.settle(settle_failed, 0, "unknown C++ exception");
  }
}

} // namespace

// A JS generator as a task: step it, and do what it asked for.
Task<void> generator_task(JsHandle js) {
  int mode = mode_send;
  for (;;) {
    const int status = looplab_js_step(js.handle(), mode);
    switch (status) {
    case status_yield:
      try {
        co_await yield_now();
        mode = mode_send;
      } catch (const Cancelled &) {
        mode = mode_throw_cancel;
      }
      break;
    case status_sleep: {
      const double seconds = looplab_js_arg();
      try {
        co_await sleep(seconds);
        mode = mode_send;
      } catch (const Cancelled &) {
        mode = mode_throw_cancel;
      }
      break;
    }
    case status_await: {
      const TaskRef target = runtime().find(static_cast<std::uint32_t>(looplab_js_arg()));
      if (!target) {
        js.settle(settle_failed, 0, "internal: awaited an unknown task");
        throw std::logic_error("internal: awaited an unknown task");
      }
      try {
        co_await target;
        mode = mode_send_awaited;
      } catch (...) {
        // Its failure (or cancellation), or ours while we waited.
        mode = target.done() && target.state() != TaskState::done ? mode_throw_awaited
                                                                   : mode_throw_cancel;
      }
      break;
    }
    case status_return:
      js.settle(settle_done);
      co_return;
    case status_throw: {
      JsError error(static_cast<int>(looplab_js_arg()));
      js.settle(settle_failed, error.key());
      throw error;
    }
    case status_cancelled:
      js.settle(settle_cancelled);
      throw Cancelled();
    default:
      js.settle(settle_failed, 0, "internal: unknown step status");
      throw std::logic_error("internal: unknown step status " + std::to_string(status));
    }
  }
}

// loop.sleep(s) when it is gathered or awaited from JS's own loop.
Task<void> sleep_task(JsHandle js, double seconds) {
  std::exception_ptr failure;
  try {
    co_await sleep(seconds);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

// loop.gather(...): JS assembles the results; this waits and propagates failure.
Task<void> gather_task(JsHandle js, std::vector<TaskRef> children) {
  std::exception_ptr failure;
  try {
    GatherAwaiter all(children);
    co_await all;
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

// loop.waitFor(awaitable, s): asyncio's wait_for over a spawned task.
Task<void> wait_for_task(JsHandle js, TaskRef inner, double seconds) {
  std::exception_ptr failure;
  bool in_time = true;
  try {
    detail::DoneAwaiter done(inner.record(), seconds);
    in_time = co_await done;
    if (in_time) {
      detail::check_result(inner.record());
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure && !in_time) {
    TaskRef(inner).cancel(); // asyncio: on timeout, the inner awaitable is cancelled
    failure = std::make_exception_ptr(TimeoutError("loop.waitFor: timed out"));
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

} // namespace looplab::wasm

namespace looplab::wasm {

// A JS promise the loop waits for (yield promise, or a thenable gathered).
Task<void> external_task(JsHandle js) {
  std::exception_ptr failure;
  try {
    External &promise = runtime().externals.at(detail::current_task->id);
    co_await promise;
    if (promise.key != 0) {
      failure = std::make_exception_ptr(JsError(promise.key));
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

} // namespace looplab::wasm
