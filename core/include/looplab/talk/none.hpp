// Python's None, for the talk's generators: they yield nothing in particular.
#pragma once

#include <cstddef>

namespace looplab::talk {

using NoneType = std::nullptr_t;
inline constexpr NoneType None = nullptr;

} // namespace looplab::talk
