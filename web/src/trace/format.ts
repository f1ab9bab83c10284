// The trace contract of docs/trace-format.md (version 1), as the views read it.
// Everything a view knows about either loop arrives in these shapes; the
// numeric codes below must match the doc's tables exactly.

export const TRACE_FORMAT_VERSION = 1;

/** One frame's drain of the C++ trace (docs/trace-format.md, "The batch handed to JavaScript"). */
export interface TraceBatch {
  version: 1;
  frame: number;
  wallMs: number;
  loopTime: number;
  count: number;
  f64: Float64Array; // 2 per event: [time, value]
  u32: Uint32Array; // 3 per event: [kind, id, ref]
  names: [id: number, name: string][];
  errors: [id: number, message: string][];
  dropped: number;
}

export type JsApi = 'setTimeout' | 'setInterval' | 'queueMicrotask' | 'promise' | 'requestAnimationFrame';
export type JsPhase = 'scheduled' | 'run_begin' | 'run_end' | 'cancelled';

export interface JsTraceEvent {
  kind: 'js';
  api: JsApi;
  phase: JsPhase;
  id: number;
  ms: number;
  delayMs?: number;
  deadlineMs?: number;
  label?: string;
}

export interface BlockedEvent {
  kind: 'blocked';
  startMs: number;
  endMs: number;
}

/** Additive to version 1: how many JS callbacks of a macrotask ran unrecorded (docs/trace-format.md). */
export interface UnrecordedEvent {
  kind: 'unrecorded';
  ms: number;
  count: number;
}

/** What a `js-trace` message carries. */
export type JsStreamRecord = JsTraceEvent | UnrecordedEvent;

export const Kind = {
  tickBegin: 1,
  tickEnd: 2,
  taskSpawned: 3,
  scheduled: 4,
  resumeBegin: 5,
  resumeEnd: 6,
  suspended: 7,
  timerSet: 8,
  timerFired: 9,
  timerCancelled: 10,
  taskDone: 11,
  taskFailed: 12,
  taskCancelled: 13,
  callbackCancelled: 14,
} as const;
export type KindCode = (typeof Kind)[keyof typeof Kind];
export const MAX_KIND = 14;

export const KIND_NAMES: readonly string[] = [
  '',
  'tick_begin',
  'tick_end',
  'task_spawned',
  'scheduled',
  'resume_begin',
  'resume_end',
  'suspended',
  'timer_set',
  'timer_fired',
  'timer_cancelled',
  'task_done',
  'task_failed',
  'task_cancelled',
  'callback_cancelled',
];

/** `scheduled` reasons (the `ref` of kind 4). */
export const Reason = {
  spawn: 1,
  yield: 2,
  timerFired: 3,
  awaitedCompleted: 4,
  callSoon: 5,
  cancellation: 6,
  external: 7,
} as const;

export const REASON_NAMES: readonly string[] = [
  'unknown',
  'spawned',
  'yielded',
  'timer fired',
  'awaited thing completed',
  'call_soon',
  'cancellation delivered',
  'external event',
];

/** `suspended` wait kinds (the `ref` of kind 7). */
export const Wait = {
  yield: 1,
  sleep: 2,
  task: 3,
  gather: 4,
  event: 5,
  queueGet: 6,
  queuePut: 7,
  external: 8,
} as const;

export const WAIT_NAMES: readonly string[] = [
  'unknown',
  'yield',
  'sleep',
  'task',
  'gather',
  'event',
  'queue get',
  'queue put',
  'host promise',
];

export const JS_APIS: readonly JsApi[] = [
  'setTimeout',
  'setInterval',
  'queueMicrotask',
  'promise',
  'requestAnimationFrame',
];

/** The JS APIs whose callbacks have a deadline (scheduled time plus delay), so a lateness. */
export const JS_TIMER_APIS: ReadonlySet<JsApi> = new Set<JsApi>(['setTimeout', 'setInterval']);
