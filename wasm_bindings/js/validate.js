// Argument checks for the snippet API. They run at the call, before anything
// reaches the C++ loop, so a learner's mistake surfaces as a TypeError or
// RangeError that names the function, the argument and what was expected,
// in the words of the snippet API (seconds, generators, awaitables), with the
// stack pointing at the learner's own line.

/** A short, safe description of any value, for error messages. */
export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${String(value)}${typeof value === 'bigint' ? 'n' : ''}`;
    case 'symbol':
      return value.toString();
    case 'function':
      if (isGeneratorFunction(value)) return `the generator function ${value.name || '(anonymous)'}`;
      return `the function ${value.name || '(anonymous)'}`;
    default:
      if (Array.isArray(value)) return `an array of ${value.length}`;
      if (isPromiseLike(value)) return 'a Promise';
      return 'an object';
  }
}

export function isGeneratorFunction(fn) {
  return typeof fn === 'function' && fn.constructor?.name === 'GeneratorFunction';
}

export function isAsyncFunction(fn) {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction';
}

/** A generator object: what calling a `function*` returns. */
export function isGenerator(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.next === 'function' &&
    typeof value.throw === 'function' &&
    typeof value.return === 'function' &&
    typeof value[Symbol.iterator] === 'function'
  );
}

export function isPromiseLike(value) {
  // Reading `then` of a user object may run a getter that throws: treat that
  // as "not a promise" rather than letting it escape from a check.
  try {
    return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
  } catch {
    return false;
  }
}

/** Seconds for sleeps and timers: a finite number >= 0. */
export function checkSeconds(fn, name, value) {
  if (typeof value !== 'number') {
    const hint = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? ` (write ${Number(value)} without quotes)`
      : '';
    throw new TypeError(`${fn}: ${name} must be a number of seconds, like 0.5; got ${describe(value)}${hint}`);
  }
  if (Number.isNaN(value)) throw new TypeError(`${fn}: ${name} must be a number of seconds, like 0.5; got NaN`);
  if (value < 0) throw new RangeError(`${fn}: ${name} cannot be negative (got ${value}); the loop cannot go back in time: use 0 for "as soon as possible"`);
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be a finite number of seconds; got ${value}`);
  return value;
}

export function checkCallback(fn, name, value) {
  if (typeof value === 'function') {
    if (isGeneratorFunction(value)) {
      throw new TypeError(`${fn}: ${name} is a generator function, which would only create a generator and never run it; pass a plain function, or run it as a task with loop.spawn(${value.name || 'gen'}())`);
    }
    return value;
  }
  const hint = value !== null && value !== undefined && typeof value !== 'function'
    ? ' (did you call it? pass the function itself, like () => print("hi"))'
    : '';
  throw new TypeError(`${fn}: ${name} must be a function; got ${describe(value)}${hint}`);
}

/** A generator object, with the two classic mix-ups named. */
export function checkGenerator(fn, name, value) {
  if (isGenerator(value)) return value;
  if (isGeneratorFunction(value)) {
    throw new TypeError(`${fn}: ${name} must be a generator object, but got ${describe(value)}; call it first: ${fn}(${value.name || 'gen'}())`);
  }
  if (isAsyncFunction(value)) {
    throw new TypeError(`${fn}: ${name} must be a generator object (from a function*), but got the async function ${value.name || '(anonymous)'}; write it as function* with yield, or await it in JavaScript's own loop`);
  }
  throw new TypeError(`${fn}: ${name} must be a generator object (what calling a function* returns); got ${describe(value)}`);
}

export function checkName(fn, value) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${fn}: the task name must be a string; got ${describe(value)}`);
  return value;
}

export function checkArray(fn, name, value) {
  if (Array.isArray(value)) return value;
  throw new TypeError(`${fn}: ${name} must be an array, like [a(), b()]; got ${describe(value)}`);
}
