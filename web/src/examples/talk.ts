// The talk ("Async for the Python 2 Programmer") as runnable examples, cell by
// cell, in the talk's order. Each snippet mirrors the Python line for line and
// keeps the talk's names (set_timeout, alert, run) so the two read side by side.
import type { Example } from './types';

const BUSY_SLEEP_PY = `from datetime import datetime, timedelta

def sleep(delay):
    expire_at = datetime.now() + timedelta(seconds=delay)
    while datetime.now() < expire_at:
        pass

def set_timeout(delay, callback):
    sleep(delay) # wait for a duration
    callback() # execute callback function

def alert(msg):
    print(msg)

set_timeout(1.0, lambda: alert('goodbye')) # lambda needed to defer execution
set_timeout(0.5, lambda: alert('hello'))`;

const GEN_SLEEP_PY = `# replace normal functions with generator functions

def sleep(delay):
    expire_at = datetime.now() + timedelta(seconds=delay)

    while datetime.now() < expire_at:
        yield None

def set_timeout(delay, callback):
    for item in sleep(delay):
        yield item
    callback()`;

const RUN_PY = `def run(tasks):

    while tasks:
        task = tasks.pop(0)

        try:
            task.send(None)
        except StopIteration:
            pass
        else:
            tasks.append(task)`;

const GEN_SLEEP_JS = `// replace normal functions with generator functions

function* sleep(delay) {
  const expire_at = Date.now() + delay * 1000;

  while (Date.now() < expire_at) {
    yield undefined; // Python's None
  }
}

function* set_timeout(delay, callback) {
  for (const item of sleep(delay)) {
    yield item;
  }
  callback();
}

function alert(msg) {
  print(msg);
}`;

const RUN_JS = `function run(tasks) {

  while (tasks.length) {
    const task = tasks.shift(); // tasks.pop(0)

    const { done } = task.next(); // task.send(None)
    if (done) {
      // except StopIteration: pass
    } else {
      tasks.push(task); // tasks.append(task)
    }
  }
}`;

export const TALK_EXAMPLES: Example[] = [
  {
    id: 'js-settimeout',
    title: '1. You probably already know async: setTimeout',
    part: 'talk',
    python: `// The talk starts in JavaScript:
setTimeout(function(){alert("Hello")}, 1000);`,
    code: `// setTimeout adds a function to a task list; the event loop
// runs it when the delay expires. (print stands in for alert.)
setTimeout(function () { print("Hello"); }, 1000);
print("setTimeout returned at once");
`,
    watch: 'The call returns at once (~0 ms); "Hello" is printed by the JS loop at ~1000 ms, and nothing waits in between.',
    expected: [
      { text: 'setTimeout returned at once', loop: 'js', atMs: 0 },
      { text: 'Hello', loop: 'js', atMs: 1000 },
    ],
    usesCpp: false,
    predict: true,
    sources: ['event_loop', 'timer'],
  },
  {
    id: 'busy-wait',
    title: '2. set_timeout with a busy-wait sleep',
    part: 'talk',
    python: BUSY_SLEEP_PY,
    code: `function sleep(delay) {
  const expire_at = Date.now() + delay * 1000;
  while (Date.now() < expire_at) {
    // pass
  }
}

function set_timeout(delay, callback) {
  sleep(delay); // wait for a duration
  callback(); // execute callback function
}

function alert(msg) {
  print(msg);
}

// A witness: a real JS timer, due at 100 ms.
setTimeout(() => print("tick (due at 100 ms)"), 100);

set_timeout(1.0, () => alert("goodbye")); // arrow function needed to defer execution
set_timeout(0.5, () => alert("hello"));
`,
    watch:
      'goodbye at 1.0 s, then hello at 1.5 s: each sleep spins until it is done. The tick due at 100 ms only comes at 1.5 s: everything is frozen meanwhile, and the page shows the loops blocked for 1.5 s.',
    expected: [
      { text: 'goodbye', loop: 'js', atMs: 1000 },
      { text: 'hello', loop: 'js', atMs: 1500 },
      { text: 'tick (due at 100 ms)', loop: 'js', atMs: 1500 },
    ],
    usesCpp: false,
    blocksMs: 1400,
    predict: true,
    sources: [],
  },
  {
    id: 'generator',
    title: '3. Generators: pause and resume',
    part: 'talk',
    python: `def f():
    yield 42
    yield False
    yield 'hello'

it = f()
it

it.send(None)

it = f()
for item in it:
    print(item)`,
    code: `function* f() {
  yield 42;
  yield false;
  yield "hello";
}

let it = f();
print(String(it)); // a generator object: nothing has run yet

print(it.next().value); // it.send(None): runs to the first yield

it = f();
for (const item of it) {
  print(item);
}
`,
    watch: 'Calling f() runs nothing; next() (Python\'s send(None)) runs up to the first yield and gives 42; for-of drives a fresh generator to the end.',
    expected: [
      { text: '[object Generator]', loop: 'js' },
      { text: '42', loop: 'js' },
      { text: '42', loop: 'js' },
      { text: 'false', loop: 'js' },
      { text: 'hello', loop: 'js' },
    ],
    usesCpp: false,
    predict: true,
    sources: ['coro', 'task'],
  },
  {
    id: 'generator-sleep',
    title: '4. A polling sleep generator, stepped by hand',
    part: 'talk',
    python: `${GEN_SLEEP_PY}

gen = set_timeout(2, lambda: alert('hi'))
gen

gen.send(None) # returns None until delay expires`,
    code: `${GEN_SLEEP_JS}

const gen = set_timeout(2, () => alert("hi"));
print(String(gen));

print(gen.next().value); // gen.send(None): returns undefined until delay expires

// The talk re-runs the send cell by hand; here a JS timer does it every 250 ms.
let sends = 1;
const hand = setInterval(() => {
  sends += 1;
  if (gen.next().done) {
    clearInterval(hand);
    print("the generator is finished");
  }
}, 250);
`,
    watch: 'Each next() returns undefined (Python\'s None) until 2 s have passed; the send after that runs the callback ("hi" at ~2000 ms) and the generator finishes.',
    expected: [
      { text: '[object Generator]', loop: 'js' },
      { text: 'undefined', loop: 'js' },
      { text: 'hi', loop: 'js', atMs: 2000 },
      { text: 'the generator is finished', loop: 'js', atMs: 2000 },
    ],
    usesCpp: false,
    sources: ['talk/'],
  },
  {
    id: 'round-robin',
    title: "5. The talk's run(): a round-robin event loop in plain JS",
    part: 'talk',
    python: `${GEN_SLEEP_PY}

${RUN_PY}

run([
    set_timeout(1, lambda: alert('goodbye')),
    set_timeout(0.5, lambda: alert('hello'))
    ])`,
    code: `${GEN_SLEEP_JS}

${RUN_JS}

run([
  set_timeout(1, () => alert("goodbye")),
  set_timeout(0.5, () => alert("hello")),
]);
`,
    watch:
      'hello at ~500 ms, goodbye at ~1000 ms: run() sends to each generator in turn. But run() itself never returns to the browser until both are done, so the JS loop is blocked for the whole second.',
    expected: [
      { text: 'hello', loop: 'js', atMs: 500 },
      { text: 'goodbye', loop: 'js', atMs: 1000 },
    ],
    usesCpp: false,
    blocksMs: 900,
    predict: true,
    sources: ['talk/'],
  },
  {
    id: 'round-robin-cpp',
    title: '6. The same tasks on the C++ loop',
    part: 'talk',
    python: `${GEN_SLEEP_PY}

${RUN_PY}

run([
    set_timeout(1, lambda: alert('goodbye')),
    set_timeout(0.5, lambda: alert('hello'))
    ])`,
    code: `${GEN_SLEEP_JS}

// loop.run is the talk's run(), on Loop Lab's C++ loop: every bare
// yield puts the task at the back of the line, and the loop gives the
// browser back after each frame's budget, so nothing freezes.
await loop.run([
  set_timeout(1, () => alert("goodbye")),
  set_timeout(0.5, () => alert("hello")),
]);
print("run() is done");
`,
    watch:
      'hello at ~500 ms and goodbye at ~1000 ms, now printed by the C++ loop; the page stays responsive because the loop is stepped once per frame. The timeline shows the two tasks taking turns.',
    expected: [
      { text: 'hello', loop: 'cpp', atMs: 500 },
      { text: 'goodbye', loop: 'cpp', atMs: 1000 },
      { text: 'run() is done', atMs: 1000 },
    ],
    usesCpp: true,
    predict: true,
    sources: ['talk/', 'event_loop', 'task'],
  },
  {
    id: 'yield-star',
    title: '7. Python 3 syntax: await is yield* under the hood',
    part: 'talk',
    python: `@asyncio.coroutine # tells Python this is a coroutine, not a normal generator function
def sleep(delay):
    expire_at = datetime.now() + timedelta(seconds=delay)
    while datetime.now() < expire_at:
        yield


async def set_timeout(delay, callback): # Python 3 syntax
    await sleep(delay) # exhaust the coroutine
    callback()

# our event loop still works!
run([
    set_timeout(1, lambda: alert('goodbye')),
    set_timeout(0.5, lambda: alert('hello'))
    ])`,
    code: `// a generator used as a coroutine (Python's @asyncio.coroutine)
function* sleep(delay) {
  const expire_at = Date.now() + delay * 1000;
  while (Date.now() < expire_at) {
    yield;
  }
}

// Python's "await sleep(delay)" on a generator coroutine is yield* here
function* set_timeout(delay, callback) {
  yield* sleep(delay); // exhaust the coroutine
  callback();
}

function alert(msg) {
  print(msg);
}

${RUN_JS}

// our event loop still works!
run([
  set_timeout(1, () => alert("goodbye")),
  set_timeout(0.5, () => alert("hello")),
]);
`,
    watch: 'The same output as with the for-loop version (hello at ~500 ms, goodbye at ~1000 ms): yield* delegates every yield of sleep() up to run(), just as await does.',
    expected: [
      { text: 'hello', loop: 'js', atMs: 500 },
      { text: 'goodbye', loop: 'js', atMs: 1000 },
    ],
    usesCpp: false,
    blocksMs: 900,
    sources: ['talk/', 'coro'],
  },
  {
    id: 'async-await',
    title: '8. async/await against generators',
    part: 'talk',
    python: `async def set_timeout(delay, callback): # Python 3 syntax
    await sleep(delay) # exhaust the coroutine
    callback()`,
    code: `function alert(msg) {
  print(msg);
}

// A generator task: the C++ loop resumes it when its sleep is over.
function* set_timeout_gen(delay, callback) {
  yield loop.sleep(delay);
  callback();
}

// An async function: the C++ loop fires the timer, then JavaScript's
// own microtasks resume the function.
async function set_timeout(delay, callback) {
  await loop.sleep(delay);
  callback();
}

loop.spawn(set_timeout_gen(1, () => alert("goodbye (generator)")), "goodbye");
loop.spawn(set_timeout_gen(0.5, () => alert("hello (generator)")), "hello");
set_timeout(0.75, () => alert("hello (async function)"));
set_timeout(1.25, () => alert("goodbye (async function)"));
`,
    watch:
      'The generators print at 500 and 1000 ms from the C++ loop; the async functions print at 750 and 1250 ms, resumed by the JS loop once the C++ loop has fired their timers.',
    expected: [
      { text: 'hello (generator)', loop: 'cpp', atMs: 500 },
      { text: 'hello (async function)', atMs: 750 },
      { text: 'goodbye (generator)', loop: 'cpp', atMs: 1000 },
      { text: 'goodbye (async function)', atMs: 1250 },
    ],
    usesCpp: true,
    sources: ['sleep', 'task', 'event_loop'],
  },
  {
    id: 'gather',
    title: '9. gather and run_until_complete',
    part: 'talk',
    python: `# or, use the official event loop
loop = asyncio.get_event_loop()

tasks = asyncio.gather(
    set_timeout(1, lambda: alert('goodbye')),
    set_timeout(0.5, lambda: alert('hello'))
)

loop.run_until_complete(tasks)`,
    code: `function* sleep(delay) {
  const expire_at = Date.now() + delay * 1000;
  while (Date.now() < expire_at) {
    yield;
  }
}

function* set_timeout(delay, callback) {
  yield* sleep(delay);
  callback();
  return delay;
}

function alert(msg) {
  print(msg);
}

// or, use the official event loop: Loop Lab's C++ loop
const tasks = loop.gather(
  set_timeout(1, () => alert("goodbye")),
  set_timeout(0.5, () => alert("hello")),
);

const results = await loop.runUntilComplete(tasks);
print("results in argument order:", results.join(", "));
`,
    watch: 'hello at ~500 ms, goodbye at ~1000 ms from the C++ loop; gather gives the results in argument order (1, 0.5), not in finishing order.',
    expected: [
      { text: 'hello', loop: 'cpp', atMs: 500 },
      { text: 'goodbye', loop: 'cpp', atMs: 1000 },
      { text: 'results in argument order: 1, 0.5', atMs: 1000 },
    ],
    usesCpp: true,
    predict: true,
    sources: ['gather', 'event_loop', 'task'],
  },
  {
    id: 'both-loops',
    title: '10. One scenario on both loops at once',
    part: 'talk',
    python: `set_timeout(1, lambda: alert('goodbye'))
set_timeout(0.5, lambda: alert('hello'))`,
    code: `// The browser's own loop: setTimeout in milliseconds.
setTimeout(() => print("JS loop: hello"), 250);
setTimeout(() => print("JS loop: goodbye"), 750);

// Loop Lab's C++ loop: loop.setTimeout in seconds, like asyncio.
loop.setTimeout(0.5, () => print("C++ loop: hello"));
loop.setTimeout(1.0, () => print("C++ loop: goodbye"));
`,
    watch: 'The two loops interleave on one time axis: JS at 250 and 750 ms, C++ at 500 and 1000 ms. Each line is tagged with the loop that printed it.',
    expected: [
      { text: 'JS loop: hello', loop: 'js', atMs: 250 },
      { text: 'C++ loop: hello', loop: 'cpp', atMs: 500 },
      { text: 'JS loop: goodbye', loop: 'js', atMs: 750 },
      { text: 'C++ loop: goodbye', loop: 'cpp', atMs: 1000 },
    ],
    usesCpp: true,
    predict: true,
    sources: ['event_loop', 'timer'],
  },
];
