// Picks the coroutine header this toolchain has. Emscripten 3.1.6's libc++
// ships only <experimental/coroutine> (names in std::experimental); native
// clang 14 with libstdc++ 12 has <coroutine>. Everything else in Loop Lab
// spells these names through looplab::coro.
#pragma once

#if __has_include(<coroutine>)
#include <coroutine>
namespace looplab::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
} // namespace looplab::coro
#elif __has_include(<experimental/coroutine>)
#include <experimental/coroutine>
namespace looplab::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
} // namespace looplab::coro
#else
#error "Loop Lab needs C++20 coroutines: neither <coroutine> nor <experimental/coroutine> exists"
#endif
