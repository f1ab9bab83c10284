// The EM_JS bodies of the imports declared in js_imports.hpp (they define
// symbols, so they live in exactly one translation unit).
#include "js_imports.hpp"

#include <emscripten.h>

// Steps JS generator task `handle` (Mode), returns a Status; the number that
// goes with it (seconds, an id, an error key) is read with looplab_js_arg().
EM_JS(int, looplab_js_step, (int handle, int mode),
      { return Module.looplabBridge.step(handle, mode); })
EM_JS(double, looplab_js_arg, (), { return Module.looplabBridge.arg(); })
// Runs JS callback `handle` once; returns 0, or the error key of what it threw.
EM_JS(int, looplab_js_call, (int handle), { return Module.looplabBridge.call(handle); })
// Task `handle` ended (Settle); `key` is a JS error key (0: none) and
// `message` a C++ error message (nullptr: none).
EM_JS(void, looplab_js_settled, (int handle, int how, int key, const char *message),
      { Module.looplabBridge.settled(handle, how, key, message ? UTF8ToString(message) : ""); })
// The message of JS error `key`, malloc'ed (the caller frees it).
EM_JS(char *, looplab_js_error_message, (int key), {
  var s = Module.looplabBridge.errorMessage(key);
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
})
// C++ no longer holds JS error `key`.
EM_JS(void, looplab_js_release_error, (int key), { Module.looplabBridge.releaseError(key); })
// The run's clock read now (seconds since the run began).
EM_JS(double, looplab_js_trace_now, (), { return Module.looplabBridge.traceNow(); })
