# Removes the glue's two uses of import.meta.url (see CMakeLists.txt):
#  - `new URL("looplab_wasm.wasm", import.meta.url)`: the .wasm's URL, never
#    fetched (the bytes are handed in), but bundlers see it and emit a second
#    copy of the .wasm;
#  - `var _scriptDir = import.meta.url`: only used to find the .wasm, and a
#    bundler that builds a classic (iife) worker may replace import.meta.url
#    with code that reads `document`, which a Worker does not have.
# Fails if neither pattern is found while import.meta remains, so an
# Emscripten upgrade that changes the glue is noticed.
file(READ "${GLUE}" text)
string(REPLACE "new URL(\"looplab_wasm.wasm\",import.meta.url).toString()" "\"looplab_wasm.wasm\"" text "${text}")
string(REPLACE "var _scriptDir = import.meta.url;" "var _scriptDir = \"\";" text "${text}")
string(FIND "${text}" "import.meta" left)
if(NOT left EQUAL -1)
  message(FATAL_ERROR "strip-wasm-url: the glue still uses import.meta in a way this script does not know; update it")
endif()
file(WRITE "${GLUE}" "${text}")
