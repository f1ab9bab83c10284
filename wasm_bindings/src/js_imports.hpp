// The functions C++ imports from the JS half (js/bridge.js, installed as
// Module.looplabBridge). Thin EM_JS imports on plain numbers: a call costs
// about what a JS function call does (~16 ns), where emscripten::val costs
// ~220 ns (TOOLCHAIN.md). None of them can throw: the JS side catches
// everything user code throws and returns a status instead.
#pragma once

extern "C" {
// Steps JS generator task `handle` (Mode), returns a Status; the number that
// goes with it (seconds, an id, an error key) is read with looplab_js_arg().
int looplab_js_step(int handle, int mode);
double looplab_js_arg();
// Runs JS callback `handle` once; returns 0, or the error key of what it threw.
int looplab_js_call(int handle);
// Task `handle` ended (Settle); `key` is a JS error key (0: none) and
// `message` a C++ error message (nullptr: none).
void looplab_js_settled(int handle, int how, int key, const char *message);
// The message of JS error `key`, malloc'ed (the caller frees it).
char *looplab_js_error_message(int key);
// C++ no longer holds JS error `key`.
void looplab_js_release_error(int key);
// The run's clock (seconds since the run began) read now, not at the frame's
// start: the trace clock of a real-clock run (runtime.hpp, WallTraceClock).
double looplab_js_trace_now();
}
