// The messages between the page (runner) and the sandbox (iframe + worker),
// docs/architecture.md section 3. Every message carries
// `source: 'looplab-sandbox'`; both sides check the shape of what they receive
// and drop anything else, because the other side runs code from a link.
import { JS_APIS, type JsPhase, type JsStreamRecord, type JsTraceEvent, type TraceBatch } from './trace/format';

export const SOURCE = 'looplab-sandbox';

export type Loop = 'cpp' | 'js';
export type Clock = 'real' | 'virtual';

export interface PrintedLine {
  loop: Loop;
  ms: number;
  text: string;
}

/**
 * Strings on the wire between the sandbox and the page: their UTF-8 bytes one
 * after another, and where each ends in the decoded text (in UTF-16 units, as
 * `String.slice` counts), both typed arrays, transferred rather than copied.
 * The sandbox frame is another process here, and a message's copied bytes
 * cost the receiving main thread far more than its transferred buffers: a
 * 1,000-line `prints` message with its lines as objects took ~15 ms to read,
 * and a 10,000-task trace batch with its names as one string 27-86 ms
 * (measurements in docs/architecture.md section 3).
 */
export interface PackedTexts {
  ends: Uint32Array;
  utf8: Uint8Array;
}

const utf8Encoder = new TextEncoder();
// fatal: bytes that are not UTF-8 are a malformed message, not text with U+FFFD in it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function packTexts(texts: readonly string[]): PackedTexts {
  const ends = new Uint32Array(texts.length);
  let text = '';
  texts.forEach((t, i) => {
    text += t;
    ends[i] = text.length;
  });
  return { ends, utf8: utf8Encoder.encode(text) };
}

/** The strings of a well-formed packing of `count` strings, or null. */
function unpackTexts(v: unknown, count: number): string[] | null {
  if (!isObj(v) || !(v.ends instanceof Uint32Array) || !(v.utf8 instanceof Uint8Array) || v.ends.length !== count) return null;
  let text: string;
  try {
    text = utf8Decoder.decode(v.utf8);
  } catch {
    return null;
  }
  const texts: string[] = new Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = v.ends[i] ?? 0;
    if (end < start || end > text.length) return null;
    texts[i] = text.slice(start, end);
    start = end;
  }
  return texts;
}

/** A trace batch's task names on the wire: their ids and their packed texts. */
export interface PackedNames extends PackedTexts {
  ids: Uint32Array;
}

export function packNames(names: readonly (readonly [number, string])[]): PackedNames {
  return { ids: Uint32Array.from(names, ([id]) => id), ...packTexts(names.map(([, name]) => name)) };
}

function unpackNames(v: unknown): [number, string][] | null {
  if (!isObj(v) || !(v.ids instanceof Uint32Array)) return null;
  const ids = v.ids;
  const texts = unpackTexts(v, ids.length);
  return texts && texts.map((name, i) => [ids[i] ?? 0, name]);
}

/** Printed lines on the wire (the frame's `prints`): which loop (an index in LOOP_CODES), ms, and packed texts. */
export interface PackedLines extends PackedTexts {
  loops: Uint8Array;
  ms: Float64Array;
}

/** The loops by the numbers packed lines give them (web/src/sandbox/frame.js packs them so). */
const LOOP_CODES: readonly Loop[] = ['cpp', 'js'];

function unpackLines(v: unknown): PrintedLine[] | null {
  if (!isObj(v) || !(v.loops instanceof Uint8Array) || !(v.ms instanceof Float64Array)) return null;
  const { loops, ms } = v;
  if (ms.length !== loops.length || loops.length === 0) return null;
  const texts = unpackTexts(v, loops.length);
  if (!texts) return null;
  const lines: PrintedLine[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const loop = LOOP_CODES[loops[i] ?? -1];
    const at = ms[i] ?? NaN;
    if (loop === undefined || !Number.isFinite(at)) return null;
    lines[i] = { loop, ms: at, text: texts[i] ?? '' };
  }
  return lines;
}

/**
 * The JS loop's trace records on the wire (`js-trace`), as columns, all
 * transferred: as objects, a message of 15,000 promise records took the page
 * ~55 ms to read (see PackedTexts).
 */
export interface PackedJsRecords {
  /** 0 for an unrecorded record; else 1 + 4 × the api's index in JS_APIS + the phase's index in JS_PHASE_CODES. */
  codes: Uint8Array;
  /** The callback's id, or how many callbacks an unrecorded record stands for. */
  ids: Float64Array;
  ms: Float64Array;
  /** NaN where the record has none. */
  delayMs: Float64Array;
  deadlineMs: Float64Array;
  /** '' where the record has none. */
  labels: PackedTexts;
}

const JS_PHASE_CODES: readonly JsPhase[] = ['scheduled', 'run_begin', 'run_end', 'cancelled'];

export function packJsRecords(records: readonly JsStreamRecord[]): PackedJsRecords {
  const n = records.length;
  const p = {
    codes: new Uint8Array(n),
    ids: new Float64Array(n),
    ms: new Float64Array(n),
    delayMs: new Float64Array(n).fill(NaN),
    deadlineMs: new Float64Array(n).fill(NaN),
  };
  const labels: string[] = new Array(n);
  records.forEach((r, i) => {
    p.ms[i] = r.ms;
    labels[i] = '';
    if (r.kind === 'unrecorded') {
      p.ids[i] = r.count;
      return;
    }
    p.codes[i] = 1 + 4 * JS_APIS.indexOf(r.api) + JS_PHASE_CODES.indexOf(r.phase);
    p.ids[i] = r.id;
    if (r.delayMs !== undefined) p.delayMs[i] = r.delayMs;
    if (r.deadlineMs !== undefined) p.deadlineMs[i] = r.deadlineMs;
    if (r.label !== undefined) labels[i] = r.label;
  });
  return { ...p, labels: packTexts(labels) };
}

/**
 * The buffers of every typed array in a message and in the objects under it
 * (not in arrays, and at most `depth` levels down), each once: what the
 * message transfers rather than copies, whatever its packings hold.
 * web/src/sandbox/frame.js, a script of its own, does the same.
 */
export function buffersOf(message: unknown, depth = 3): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const walk = (v: unknown, left: number): void => {
    if (ArrayBuffer.isView(v)) found.add(v.buffer as ArrayBuffer);
    else if (left > 0 && v !== null && typeof v === 'object' && !Array.isArray(v)) for (const x of Object.values(v)) walk(x, left - 1);
  };
  walk(message, depth);
  return [...found];
}

/**
 * A checked packing of the JS loop's records, made into records a slice at a
 * time: the page's trace feed takes a few hundred a frame, and making all
 * 15,000 of a message at once cost the message's task 50-120 ms.
 */
export class PackedJsRecordList {
  private constructor(
    private readonly p: PackedJsRecords,
    private readonly labels: string[],
  ) {}

  /** The list, or null for a packing that is not well-formed. */
  static check(v: unknown): PackedJsRecordList | null {
    if (!isObj(v) || !(v.codes instanceof Uint8Array)) return null;
    const n = v.codes.length;
    const columns = [v.ids, v.ms, v.delayMs, v.deadlineMs];
    if (!columns.every((c) => c instanceof Float64Array && c.length === n)) return null;
    const labels = unpackTexts(v.labels, n);
    if (!labels) return null;
    const p = v as unknown as PackedJsRecords;
    for (let i = 0; i < n; i++) {
      const code = p.codes[i] ?? 0;
      if (!Number.isFinite(p.ms[i]) || (code > 0 && (JS_APIS[(code - 1) >> 2] === undefined))) return null;
    }
    return new PackedJsRecordList(p, labels);
  }

  get length(): number {
    return this.p.codes.length;
  }

  /** Records [from, to), as the trace format has them (fields absent where the packing has none). */
  slice(from = 0, to = this.length): JsStreamRecord[] {
    const { codes, ids, ms, delayMs, deadlineMs } = this.p;
    const records: JsStreamRecord[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) {
      const code = codes[i] ?? 0;
      const at = ms[i] ?? 0;
      if (code === 0) {
        records.push({ kind: 'unrecorded', ms: at, count: ids[i] ?? 0 });
        continue;
      }
      const r: JsTraceEvent = {
        kind: 'js',
        api: JS_APIS[(code - 1) >> 2] ?? 'promise',
        phase: JS_PHASE_CODES[(code - 1) & 3] ?? 'scheduled',
        id: ids[i] ?? 0,
        ms: at,
      };
      if (!Number.isNaN(delayMs[i])) r.delayMs = delayMs[i];
      if (!Number.isNaN(deadlineMs[i])) r.deadlineMs = deadlineMs[i];
      if (this.labels[i]) r.label = this.labels[i];
      records.push(r);
    }
    return records;
  }
}

/** One turn of the C++ loop (a frame's tick, or a step): what a replay needs to run it again (docs/architecture.md section 2). */
export interface ReplayFrame {
  loopTime: number;
  wallMs: number;
  resumes: number;
  step: boolean;
}

/**
 * What a snippet used that a re-run cannot repeat: the JS loop's timers and
 * clock readings keep real time, and chance differs every run.
 */
export type Unrepeatable =
  | 'setTimeout'
  | 'setInterval'
  | 'requestAnimationFrame'
  | 'Date'
  | 'performance.now'
  | 'now()'
  | 'Math.random';
export const UNREPEATABLE: readonly Unrepeatable[] = [
  'setTimeout',
  'setInterval',
  'requestAnimationFrame',
  'Date',
  'performance.now',
  'now()',
  'Math.random',
];

export type PageToSandbox =
  // workerCode (additive): the page sends it as UTF-8 bytes, transferred (cheaper across processes than text).
  // wasmModule (frame -> worker only): the frame compiles the page's bytes once and hands each worker the module.
  | { source: typeof SOURCE; type: 'init'; workerCode: string | Uint8Array; wasmBinary: ArrayBuffer | null; wasmModule?: WebAssembly.Module }
  // `paused` (additive): the run starts with the C++ loop paused (its top level runs, then it waits for Step or Resume).
  // `replay` (additive): run these recorded turns of the C++ loop again (virtual clock), then pause and say `replayed`.
  | {
      source: typeof SOURCE;
      type: 'run';
      runId: number;
      code: string;
      clock: Clock;
      speed: number;
      paused?: boolean;
      replay?: ReplayFrame[];
    }
  | { source: typeof SOURCE; type: 'stop' }
  | { source: typeof SOURCE; type: 'pause' }
  | { source: typeof SOURCE; type: 'resume' }
  | { source: typeof SOURCE; type: 'step' }
  // Flow control (additive): the page took in one more `trace` batch of the current run.
  | { source: typeof SOURCE; type: 'trace-taken' }
  | { source: typeof SOURCE; type: 'speed'; factor: number }
  // Additive: answer with `pong` once free (runner/sandboxWatch.ts: is the worker's thread blocked?).
  | { source: typeof SOURCE; type: 'ping' }
  // Additive, for the frame itself (never passed to the worker): answer with `frame-pong` (is the frame still there?).
  | { source: typeof SOURCE; type: 'frame-ping' };

export type SandboxToPage =
  | { source: typeof SOURCE; type: 'ready' }
  // Additive: the frame's own answer to `frame-ping`.
  | { source: typeof SOURCE; type: 'frame-pong' }
  | { source: typeof SOURCE; type: 'print'; runId: number; loop: Loop; ms: number; text: string }
  // Additive: printed lines in order, several at once (the worker sends a turn's prints together).
  // packedLines (additive): the lines packed (the frame sends them so); the page's parse unpacks them into `lines`.
  | { source: typeof SOURCE; type: 'prints'; runId: number; lines: PrintedLine[]; packedLines?: PackedLines }
  // `turn` (additive): the turn that made this batch, for a later replay.
  // packedNames: the batch's names, sent packed (its `names` then empty); the page's parse unpacks them.
  | { source: typeof SOURCE; type: 'trace'; runId: number; batch: TraceBatch; turn?: ReplayFrame; packedNames?: PackedNames }
  // packedEvents (additive): the records packed (the worker sends them so); the page's parse checks them and gives `events` as a PackedJsRecordList.
  | { source: typeof SOURCE; type: 'js-trace'; runId: number; events: JsStreamRecord[] | PackedJsRecordList; packedEvents?: PackedJsRecords }
  | { source: typeof SOURCE; type: 'blocked'; runId: number; startMs: number; endMs: number }
  | {
      source: typeof SOURCE;
      type: 'error';
      runId: number;
      message: string;
      stack?: string;
      line?: number;
      column?: number;
      task?: string;
    }
  | { source: typeof SOURCE; type: 'syntax-error'; runId: number; message: string; line: number; column: number }
  | { source: typeof SOURCE; type: 'state'; runId: number; paused: boolean; idle: boolean }
  // Additive to the architecture doc: frames stopped arriving (hidden tab, off-screen frame).
  | { source: typeof SOURCE; type: 'stalled'; runId: number; sinceMs: number }
  // Additive: a replay ran its last turn; the C++ loop is paused after `events` core events.
  | { source: typeof SOURCE; type: 'replayed'; runId: number; events: number }
  // Additive: the snippet used something a re-run cannot repeat (sent once per kind and run).
  | { source: typeof SOURCE; type: 'unrepeatable'; runId: number; what: Unrepeatable }
  // Additive: the run ended (neither loop had anything left to do) with `count` of the snippet's tasks unfinished; `tasks` names the first few.
  | { source: typeof SOURCE; type: 'unfinished'; runId: number; count: number; tasks: { name: string; waitingOn: string }[] }
  // Additive: the answer to `ping`, sent from the worker's own event loop.
  | { source: typeof SOURCE; type: 'pong'; runId: number }
  | { source: typeof SOURCE; type: 'done'; runId: number; status: 'done' | 'error'; ms: number };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';
const optNum = (v: unknown) => v === undefined || num(v);
const optStr = (v: unknown) => v === undefined || str(v);

/** Checks a message the page received from the sandbox; null when it has the wrong shape. */
export function parseSandboxMessage(data: unknown): SandboxToPage | null {
  if (!isObj(data) || data.source !== SOURCE || !str(data.type)) return null;
  const m = data;
  const run = num(m.runId);
  switch (m.type) {
    case 'ready':
    case 'frame-pong':
      return m as SandboxToPage;
    case 'print':
      return run && (m.loop === 'cpp' || m.loop === 'js') && num(m.ms) && str(m.text) ? (m as SandboxToPage) : null;
    case 'trace': {
      if (!run || !isObj(m.batch) || !num(m.batch.count) || !(m.turn === undefined || isReplayFrame(m.turn))) return null;
      if (m.packedNames === undefined) return m as SandboxToPage;
      const names = unpackNames(m.packedNames);
      if (names === null) return null;
      return { ...(m as Extract<SandboxToPage, { type: 'trace' }>), batch: { ...(m.batch as unknown as TraceBatch), names }, packedNames: undefined };
    }
    case 'prints': {
      if (!run) return null;
      if (m.packedLines === undefined) return Array.isArray(m.lines) && m.lines.length > 0 && m.lines.every(isPrintedLine) ? (m as SandboxToPage) : null;
      const lines = unpackLines(m.packedLines);
      return lines && { source: SOURCE, type: 'prints', runId: m.runId as number, lines };
    }
    case 'js-trace': {
      if (!run) return null;
      if (m.packedEvents === undefined) return Array.isArray(m.events) && m.events.every(isJsStreamRecord) ? (m as SandboxToPage) : null;
      const events = PackedJsRecordList.check(m.packedEvents);
      return events && { source: SOURCE, type: 'js-trace', runId: m.runId as number, events };
    }
    case 'blocked':
      return run && num(m.startMs) && num(m.endMs) ? (m as SandboxToPage) : null;
    case 'error':
      return run && str(m.message) && optStr(m.stack) && optNum(m.line) && optNum(m.column) && optStr(m.task)
        ? (m as SandboxToPage)
        : null;
    case 'syntax-error':
      return run && str(m.message) && num(m.line) && num(m.column) ? (m as SandboxToPage) : null;
    case 'state':
      return run && typeof m.paused === 'boolean' && typeof m.idle === 'boolean' ? (m as SandboxToPage) : null;
    case 'stalled':
      return run && num(m.sinceMs) ? (m as SandboxToPage) : null;
    case 'replayed':
      return run && num(m.events) ? (m as SandboxToPage) : null;
    case 'unrepeatable':
      return run && UNREPEATABLE.includes(m.what as Unrepeatable) ? (m as SandboxToPage) : null;
    case 'pong':
      return run ? (m as SandboxToPage) : null;
    case 'unfinished':
      return run && num(m.count) && Array.isArray(m.tasks) && m.tasks.every((t) => isObj(t) && str(t.name) && str(t.waitingOn))
        ? (m as SandboxToPage)
        : null;
    case 'done':
      return run && (m.status === 'done' || m.status === 'error') && num(m.ms) ? (m as SandboxToPage) : null;
    default:
      return null;
  }
}

/** Checks a message the worker received from the page (through the frame); null when malformed. */
export function parsePageMessage(data: unknown): PageToSandbox | null {
  if (!isObj(data) || data.source !== SOURCE || !str(data.type)) return null;
  const m = data;
  switch (m.type) {
    case 'init':
      return str(m.workerCode) &&
        (m.wasmBinary === null || m.wasmBinary instanceof ArrayBuffer) &&
        (m.wasmModule === undefined || m.wasmModule instanceof WebAssembly.Module)
        ? (m as PageToSandbox)
        : null;
    case 'run':
      return num(m.runId) && str(m.code) && (m.clock === 'real' || m.clock === 'virtual') && num(m.speed) &&
        (m.paused === undefined || typeof m.paused === 'boolean') &&
        (m.replay === undefined || (Array.isArray(m.replay) && m.replay.every(isReplayFrame)))
        ? (m as PageToSandbox)
        : null;
    case 'stop':
    case 'pause':
    case 'resume':
    case 'step':
    case 'trace-taken':
    case 'ping':
      return m as PageToSandbox;
    case 'speed':
      return num(m.factor) ? (m as PageToSandbox) : null;
    default:
      return null;
  }
}

function isReplayFrame(v: unknown): v is ReplayFrame {
  return isObj(v) && num(v.loopTime) && num(v.wallMs) && Number.isInteger(v.resumes) && typeof v.step === 'boolean';
}

function isPrintedLine(l: unknown): boolean {
  return isObj(l) && (l.loop === 'cpp' || l.loop === 'js') && num(l.ms) && str(l.text);
}

function isJsStreamRecord(e: unknown): boolean {
  return isObj(e) && num(e.ms) && (e.kind === 'js' || (e.kind === 'unrecorded' && num(e.count)));
}

/** Builds a message with the source tag filled in. */
export function msg<T extends { type: string }>(body: T): T & { source: typeof SOURCE } {
  return { source: SOURCE, ...body };
}
