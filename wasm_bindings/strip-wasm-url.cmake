# Replaces the glue's import.meta.url-relative URL of the .wasm with the bare
# file name (see CMakeLists.txt). Fails if the pattern is gone, so an
# Emscripten upgrade that changes the glue is noticed.
file(READ "${GLUE}" text)
set(pattern "new URL(\"looplab_wasm.wasm\",import.meta.url).toString()")
string(FIND "${text}" "${pattern}" at)
if(at EQUAL -1)
  string(FIND "${text}" "import.meta.url" any)
  if(NOT any EQUAL -1)
    message(FATAL_ERROR "strip-wasm-url: the glue uses import.meta.url in an unexpected way; update this script")
  endif()
  return()
endif()
string(REPLACE "${pattern}" "\"looplab_wasm.wasm\"" text "${text}")
file(WRITE "${GLUE}" "${text}")
