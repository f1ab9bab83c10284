// Beyond the talk: what asyncio adds on top of the round-robin, and what the
// talk warns about, each as a runnable example on Loop Lab's loops.
import type { Example } from './types';

export const BEYOND_EXAMPLES: Example[] = [
  {
    id: 'cancellation',
    title: 'Cancellation: stopping a task at its yield',
    part: 'beyond',
    python: `async def ticker(name):
    try:
        for i in itertools.count(1):
            print(f'{name}: tick {i}')
            await asyncio.sleep(0.3)
    finally:
        print(f'{name}: cleaned up')

task = asyncio.ensure_future(ticker('ticker'))
loop.call_later(1.0, lambda: (task.cancel(), print('cancelled the ticker')))`,
    code: `function* ticker(name) {
  try {
    for (let i = 1; ; i++) {
      print(name + ": tick " + i);
      yield loop.sleep(0.3);
    }
  } finally {
    print(name + ": cleaned up");
  }
}

const task = loop.spawn(ticker("ticker"), "ticker");
loop.setTimeout(1.0, () => {
  task.cancel();
  print("cancelled the ticker");
});
`,
    watch: 'Ticks at 0, 300, 600 and 900 ms; at 1000 ms cancel() throws a CancelledError into the generator at its yield, so the finally block cleans up on the next turn.',
    expected: [
      { text: 'ticker: tick 1', loop: 'cpp', atMs: 0 },
      { text: 'ticker: tick 2', loop: 'cpp', atMs: 300 },
      { text: 'ticker: tick 3', loop: 'cpp', atMs: 600 },
      { text: 'ticker: tick 4', loop: 'cpp', atMs: 900 },
      { text: 'cancelled the ticker', loop: 'cpp', atMs: 1000 },
      { text: 'ticker: cleaned up', loop: 'cpp', atMs: 1000 },
    ],
    usesCpp: true,
    predict: true,
    sources: ['cancellation', 'task', 'event_loop'],
  },
  {
    id: 'timeouts',
    title: 'Timeouts: waitFor',
    part: 'beyond',
    python: `async def fetch(delay, result):
    await asyncio.sleep(delay)
    return result

async def main():
    print(await asyncio.wait_for(fetch(0.2, 'fast result'), 1))
    try:
        await asyncio.wait_for(fetch(2, 'slow result'), 0.5)
    except asyncio.TimeoutError:
        print('slow: gave up after 0.5 s')

loop.run_until_complete(main())`,
    code: `function* fetch(delay, result) {
  yield loop.sleep(delay);
  return result;
}

function* main() {
  print(yield loop.waitFor(fetch(0.2, "fast result"), 1));
  try {
    yield loop.waitFor(fetch(2, "slow result"), 0.5);
  } catch (e) {
    print("slow: gave up after 0.5 s (" + e.name + ")");
  }
}

await loop.runUntilComplete(main());
`,
    watch: '"fast result" at ~200 ms; the slow fetch is cancelled when its 0.5 s run out (~700 ms) and waitFor throws a TimeoutError into main().',
    expected: [
      { text: 'fast result', loop: 'cpp', atMs: 200 },
      { text: 'slow: gave up after 0.5 s (TimeoutError)', loop: 'cpp', atMs: 700 },
    ],
    usesCpp: true,
    sources: ['wait_for', 'timeout', 'cancellation'],
  },
  {
    id: 'queue',
    title: 'A producer/consumer queue',
    part: 'beyond',
    python: `async def producer(queue):
    for i in range(3):
        await asyncio.sleep(0.2)
        print(f'put {i}')
        await queue.put(i)
    await queue.put(None)

async def consumer(queue):
    while (item := await queue.get()) is not None:
        print(f'got {item}')

queue = asyncio.Queue()
loop.run_until_complete(asyncio.gather(producer(queue), consumer(queue)))`,
    code: `// A queue built from the loop's own pieces: the consumer waits on a
// task-free "wakeup" that the producer completes with callSoon.
function Queue() {
  const items = [];
  let waiting = null;
  return {
    put(item) {
      items.push(item);
      if (waiting) {
        const wake = waiting;
        waiting = null;
        loop.callSoon(wake);
      }
    },
    *get() {
      while (items.length === 0) {
        yield new Promise((resolve) => { waiting = resolve; });
      }
      return items.shift();
    },
  };
}

function* producer(queue) {
  for (let i = 0; i < 3; i++) {
    yield loop.sleep(0.2);
    print("put " + i);
    queue.put(i);
  }
  queue.put(null);
}

function* consumer(queue) {
  let item;
  while ((item = yield* queue.get()) !== null) {
    print("got " + item);
  }
}

const queue = Queue();
await loop.runUntilComplete(loop.gather(producer(queue), consumer(queue)));
`,
    watch: 'The consumer sleeps until something is put: put 0 / got 0 at ~200 ms, then 400 and 600 ms. It never polls, so the loop is idle in between.',
    expected: [
      { text: 'put 0', loop: 'cpp', atMs: 200 },
      { text: 'got 0', atMs: 200 },
      { text: 'put 1', loop: 'cpp', atMs: 400 },
      { text: 'got 1', atMs: 400 },
      { text: 'put 2', loop: 'cpp', atMs: 600 },
      { text: 'got 2', atMs: 600 },
    ],
    usesCpp: true,
    sources: ['queue', 'event', 'gather'],
  },
  {
    id: 'blocking-both',
    title: 'Blocking either loop blocks both',
    part: 'beyond',
    python: `def busy(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass  # the talk's first sleep: it never gives the loop back`,
    code: `function busy(seconds) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    // spin: neither loop gets a turn
  }
}

// 1. A JS callback busy-waits: the C++ loop's timer is late too.
setTimeout(() => {
  print("JS callback: busy for 1 s");
  busy(1);
  print("JS callback: done");
}, 100);
loop.setTimeout(0.2, () => print("C++ timer due at 200 ms"));

// 2. A C++ callback busy-waits: the JS loop's timer is late too.
loop.setTimeout(1.5, () => {
  print("C++ callback: busy for 1 s");
  busy(1);
  print("C++ callback: done");
});
setTimeout(() => print("JS timer due at 1600 ms"), 1600);
`,
    watch: 'Both loops share one thread. The C++ timer due at 200 ms runs only after the JS busy-wait (~1100 ms); the JS timer due at 1600 ms runs only after the C++ busy-wait (~2500 ms). The page shows both blocked stretches.',
    expected: [
      { text: 'JS callback: busy for 1 s', loop: 'js', atMs: 100 },
      { text: 'JS callback: done', loop: 'js', atMs: 1100 },
      { text: 'C++ timer due at 200 ms', loop: 'cpp', atMs: 1100 },
      { text: 'C++ callback: busy for 1 s', loop: 'cpp', atMs: 1500 },
      { text: 'C++ callback: done', loop: 'cpp', atMs: 2500 },
      { text: 'JS timer due at 1600 ms', loop: 'js', atMs: 2500 },
    ],
    usesCpp: true,
    blocksMs: 900,
    predict: true,
    sources: ['event_loop'],
  },
  {
    id: 'polling-vs-timer',
    title: 'Polling sleep versus timer sleep: the CPU it costs',
    part: 'beyond',
    python: `@asyncio.coroutine
def polling_sleep(delay):          # the talk's sleep: asks "is it time?" every turn
    expire_at = datetime.now() + timedelta(seconds=delay)
    while datetime.now() < expire_at:
        yield

async def timer_sleep(delay):      # asyncio.sleep: one timer, no turns until it fires
    await asyncio.sleep(delay)`,
    code: `function* polling_sleep(delay) {
  const expire_at = Date.now() + delay * 1000;
  let turns = 0;
  while (Date.now() < expire_at) {
    turns += 1;
    yield;
  }
  return turns;
}

function* timer_sleep(delay) {
  yield loop.sleep(delay);
  return 1;
}

function* measure(name, sleeper) {
  const turns = yield* sleeper;
  print(name + ": woke after " + turns + " turn(s)");
}

function* main() {
  yield* measure("timer sleep", timer_sleep(0.5));
  yield* measure("polling sleep", polling_sleep(0.5));
}

await loop.runUntilComplete(main());
`,
    watch: 'Both sleep 0.5 s (done at ~500 and ~1000 ms), but the polling sleep took hundreds of turns of the loop (CPU spent asking "is it time yet?"), the timer sleep exactly one. The timeline shows the difference.',
    expected: [
      { text: 'timer sleep: woke after 1 turn(s)', loop: 'cpp', atMs: 500 },
      { text: 'polling sleep: woke after N turn(s)', match: '^polling sleep: woke after \\d+ turn\\(s\\)$', loop: 'cpp', atMs: 1000 },
    ],
    usesCpp: true,
    sources: ['sleep', 'talk/', 'event_loop'],
  },
];
