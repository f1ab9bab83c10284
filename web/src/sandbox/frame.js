// The script of the sandbox frame (<iframe sandbox="allow-scripts" srcdoc>),
// inlined into its srcdoc as text. The frame has an opaque origin: no cookies,
// storage or DOM of the page. It starts the snippet's worker from a Blob of the
// code the page handed over, relays messages both ways, and implements Stop as
// terminate() plus a fresh worker, which works whatever the snippet does.
(() => {
  const SOURCE = 'looplab-sandbox';
  const ALLOWED = new Set(['init', 'run', 'stop', 'pause', 'resume', 'step', 'speed', 'trace-taken', 'ping', 'frame-ping']);
  let workerUrl = null;
  let wasmBinary = null;
  // The wasm module, compiled once here and handed to every worker: a
  // WebAssembly.Module posted to a worker shares its machine code, including
  // what V8 optimised while an earlier run used it. A worker that compiled the
  // bytes itself did that work again in every run: ~220 ms of a core on
  // background threads during each 10,000-task run, taken from a page that
  // shares 2 cores with the run. It resolves to null when there is no module
  // (no bytes, or they did not compile): the worker then gets the bytes, and
  // says what is wrong when a run needs the runtime.
  let wasmModule = Promise.resolve(null);
  let current = null; // the worker running the current snippet: { worker, send }
  let spare = null; // a fresh worker, ready for the next Run

  // Trace batches and the packings of names, lines and JS records are typed
  // arrays: their buffers are handed on, not copied again (the worker already
  // transferred them to this frame). Copied, they cost the page's main thread
  // far more to read, the frame being another process. The same walk as
  // protocol.ts's buffersOf (this script is inlined as it is, without imports).
  const buffersOf = (message) => {
    const found = new Set();
    const walk = (v, left) => {
      if (ArrayBuffer.isView(v)) found.add(v.buffer);
      else if (left > 0 && v !== null && typeof v === 'object' && !Array.isArray(v)) for (const x of Object.values(v)) walk(x, left - 1);
    };
    walk(message, 3);
    return [...found];
  };
  const send = (data) => parent.postMessage(data, '*', buffersOf(data));

  // Printed lines go to the page together: a snippet printing in a loop sent
  // one message per line, and 100,000 of them kept the page busy for tens of
  // seconds after the snippet had finished. The batching is here, not in the
  // worker, because this frame's event loop keeps running while the worker's
  // snippet spins: a line printed just before `while (true) {}` still shows.
  // Any other message sends the waiting lines first, so the order holds.
  let lines = [];
  let linesRunId = 0;
  // Sent packed (protocol.ts, PackedLines): which loop (0 C++, 1 JS, as
  // LOOP_CODES there), ms, and the texts as UTF-8 bytes with where each ends,
  // all transferred. As objects, a 1,000-line message took the page's main
  // thread ~15 ms just to read.
  const encoder = new TextEncoder();
  const flushLines = () => {
    if (!lines.length) return;
    const n = lines.length;
    const loops = new Uint8Array(n);
    const ms = new Float64Array(n);
    const ends = new Uint32Array(n);
    let text = '';
    for (let i = 0; i < n; i++) {
      loops[i] = lines[i].loop === 'js' ? 1 : 0;
      ms[i] = lines[i].ms;
      text += lines[i].text;
      ends[i] = text.length;
    }
    const utf8 = encoder.encode(text);
    send({ source: SOURCE, type: 'prints', runId: linesRunId, lines: [], packedLines: { loops, ms, ends, utf8 } });
    lines = [];
  };
  const toPage = (data) => {
    // Only well-formed lines are batched; anything else goes on as it came, for the page to refuse.
    const line = data && data.type === 'print' && typeof data.runId === 'number' && (data.loop === 'cpp' || data.loop === 'js') &&
      typeof data.ms === 'number' && typeof data.text === 'string';
    if (line) {
      if (lines.length && data.runId !== linesRunId) flushLines();
      linesRunId = data.runId;
      if (lines.push({ loop: data.loop, ms: data.ms, text: data.text }) === 1) setTimeout(flushLines, 0);
      else if (lines.length >= 1000) flushLines();
      return;
    }
    flushLines();
    send(data);
  };

  /** A fresh worker: { worker, send(message) }. */
  function spawn() {
    const worker = new Worker(workerUrl, { name: 'looplab-snippet' });
    // Its init goes out once the module is compiled (at once after the first
    // time); what the frame sends it meanwhile, a Run pressed as the page
    // opens, follows in order.
    const bytes = wasmBinary;
    const initSent = wasmModule.then((module) => {
      // Without a module, a copy of the bytes per worker: the page's stay here for the next one.
      worker.postMessage({ source: SOURCE, type: 'init', workerCode: '', wasmBinary: module ? null : bytes, ...(module ? { wasmModule: module } : {}) });
    });
    const handle = { worker, send: (message) => initSent.then(() => worker.postMessage(message)) };
    worker.addEventListener('message', (e) => {
      if (handle === current) toPage(e.data);
    });
    worker.addEventListener('error', (e) => {
      if (handle !== current) return;
      e.preventDefault();
      toPage({ source: SOURCE, type: 'error', runId: lastRunId, message: `The sandbox worker failed: ${e.message}` });
    });
    return handle;
  }

  // The spare for the next Run starts a while after a run ends, not at once:
  // its start-up (the worker's code parsed, the wasm compiled: ~40 ms of a
  // core) landed on the frames in which the page draws the whole of the run
  // that just ended, and on a 2-core machine made them late (bench/page:
  // 14 late frames after the end in 24 runs at once, 3 with the delay). A Run
  // pressed sooner starts a worker of its own, a few tens of ms later.
  const SPARE_AFTER_MS = 300;
  let lastRunId = 0;
  function retire() {
    if (current) current.worker.terminate();
    current = null;
    setTimeout(() => {
      if (!spare) spare = spawn();
    }, SPARE_AFTER_MS);
  }

  addEventListener('message', (e) => {
    if (e.source !== parent) return;
    const m = e.data;
    if (!m || typeof m !== 'object' || m.source !== SOURCE || !ALLOWED.has(m.type)) {
      console.warn('Loop Lab sandbox frame: ignored a message of the wrong shape', m);
      return;
    }
    switch (m.type) {
      case 'init':
        // Text, or UTF-8 bytes the page transferred (cheaper to receive across processes).
        if (typeof m.workerCode !== 'string' && !(m.workerCode instanceof Uint8Array)) return;
        if (workerUrl) URL.revokeObjectURL(workerUrl);
        workerUrl = URL.createObjectURL(new Blob([m.workerCode], { type: 'text/javascript' }));
        wasmBinary = m.wasmBinary ?? null;
        wasmModule = wasmBinary ? WebAssembly.compile(wasmBinary).catch(() => null) : Promise.resolve(null);
        if (current) current.worker.terminate();
        if (spare) spare.worker.terminate();
        current = null;
        spare = spawn();
        toPage({ source: SOURCE, type: 'ready' });
        break;
      case 'run':
        if (!workerUrl) return;
        if (current) current.worker.terminate();
        current = spare ?? spawn();
        spare = null;
        lastRunId = m.runId;
        current.send(m);
        break;
      case 'stop':
        retire();
        break;
      // The page asks whether this frame is still there (runner/sandboxWatch.ts): answered here, at once.
      case 'frame-ping':
        send({ source: SOURCE, type: 'frame-pong' });
        break;
      default:
        if (current) current.send(m);
    }
  });
})();
