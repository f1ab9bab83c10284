// JsError: a JavaScript error inside the C++ loop. The thrown JS value stays
// in JS (bridge.js keeps it under an integer key); C++ carries the key and
// the message, so a failed task's trace shows the message and whoever awaits
// the task gets the very same JS error object back. The key is released when
// the last copy of the exception is destroyed.
#pragma once

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "js_imports.hpp"

namespace looplab::wasm {

class JsError : public std::runtime_error {
public:
  explicit JsError(int key)
      : std::runtime_error(message_of(key)), key_(std::make_shared<Key>(key)) {}
  [[nodiscard]] int key() const noexcept { return key_->value; }

private:
  struct Key {
    explicit Key(int v) : value(v) {}
    Key(const Key &) = delete;
    Key &operator=(const Key &) = delete;
    Key(Key &&) = delete;
    Key &operator=(Key &&) = delete;
    ~Key() { looplab_js_release_error(value); }
    int value;
  };
  static std::string message_of(int key) {
    char *p = looplab_js_error_message(key);
    std::string s(p);
    std::free(p);
    return s;
  }
  std::shared_ptr<Key> key_;
};

} // namespace looplab::wasm
