// The coroutines behind the tasks JS sees. Each carries its JsHandle and tells
// JS exactly once how it ended, before the loop wakes anyone who awaits it,
// so JS has the result or error ready when they resume.
//
// None of them contains a try/catch: on this toolchain a catch around a
// co_await can miss (quiet_awaiters.hpp), so awaiters report outcomes and a
// failure leaves the coroutine by a plain throw, which unhandled_exception()
// records for the loop.
#include <stdexcept>
#include <string>

#include "external.hpp"
#include "gather.hpp"
#include "js_error.hpp"
#include "quiet_awaiters.hpp"
#include "runtime.hpp"

namespace looplab::wasm {

namespace {

// Tells JS how a native task ended, from the exception that ends it (an
// ordinary function, so catching here is safe).
void settle_from(JsHandle &js, const std::exception_ptr &e) noexcept {
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

std::exception_ptr cancelled() { return std::make_exception_ptr(Cancelled()); }

} // namespace

// A JS generator as a task: step it, and do what it asked for.
Task<void> generator_task(JsHandle js) {
  int mode = mode_send;
  for (;;) {
    const int status = looplab_js_step(js.handle(), mode);
    switch (status) {
    case status_yield: mode = co_await QuietYield{} ? mode_throw_cancel : mode_send; break;
    case status_sleep:
      mode = co_await QuietSleep{looplab_js_arg()} ? mode_throw_cancel : mode_send;
      break;
    case status_await: {
      const TaskRef target = runtime().find(static_cast<std::uint32_t>(looplab_js_arg()));
      if (!target) {
        js.settle(settle_failed, 0, "internal: awaited an unknown task");
        throw std::logic_error("internal: awaited an unknown task");
      }
      switch (co_await QuietDone{target.record()}) {
      case Outcome::ok: mode = mode_send_awaited; break;
      case Outcome::failed: mode = mode_throw_awaited; break; // its error, or its CancelledError
      default: mode = mode_throw_cancel; break;               // we were cancelled while waiting
      }
      break;
    }
    case status_return: js.settle(settle_done); co_return;
    case status_throw: {
      JsError error(static_cast<int>(looplab_js_arg()));
      js.settle(settle_failed, error.key());
      throw error;
    }
    case status_cancelled: js.settle(settle_cancelled); throw Cancelled();
    default:
      js.settle(settle_failed, 0, "internal: unknown step status");
      throw std::logic_error("internal: unknown step status " + std::to_string(status));
    }
  }
}

// loop.sleep(s) when it is gathered or awaited from JS's own loop.
Task<void> sleep_task(JsHandle js, double seconds) {
  if (co_await QuietSleep{seconds}) {
    js.settle(settle_cancelled);
    throw Cancelled();
  }
  js.settle(settle_done);
}

// loop.gather(...): JS assembles the results; this waits and propagates failure.
Task<void> gather_task(JsHandle js, std::vector<TaskRef> children) {
  std::exception_ptr failure;
  {
    GatherAwaiter all(children);
    const Outcome outcome = co_await all;
    if (outcome == Outcome::failed) {
      failure = all.failure();
    } else if (outcome == Outcome::cancelled_me) {
      failure = cancelled();
    }
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
  switch (co_await QuietDone{inner.record(), seconds}) {
  case Outcome::ok: break;
  case Outcome::failed: failure = inner.exception(); break;
  case Outcome::cancelled_me: failure = cancelled(); break; // DoneAwaiter cancelled inner too
  case Outcome::timed_out:
    TaskRef(inner).cancel(); // asyncio: on timeout, what it waited for is cancelled
    failure = std::make_exception_ptr(TimeoutError("loop.waitFor: timed out"));
    break;
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

// A JS promise the loop waits for (yield promise, or a thenable gathered).
Task<void> external_task(JsHandle js) {
  External &promise = runtime().externals.at(detail::current_task->id);
  std::exception_ptr failure;
  if (co_await promise) {
    failure = cancelled();
  } else if (promise.key != 0) {
    failure = std::make_exception_ptr(JsError(promise.key));
  }
  if (failure) {
    settle_from(js, failure);
    std::rethrow_exception(failure);
  }
  js.settle(settle_done);
}

} // namespace looplab::wasm
