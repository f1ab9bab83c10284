// The trace batch: the C++ loop's events of one frame, copied out of the wasm
// heap into the layout of docs/trace-format.md ("The batch handed to
// JavaScript"). Copies, not views: a view into the heap would be invalidated
// when memory grows and could not be transferred to the page.

export const TRACE_FORMAT_VERSION = 1;

/** Event kinds, numbered as in docs/trace-format.md. */
export const TRACE_KIND = Object.freeze({
  tick_begin: 1,
  tick_end: 2,
  task_spawned: 3,
  scheduled: 4,
  resume_begin: 5,
  resume_end: 6,
  suspended: 7,
  timer_set: 8,
  timer_fired: 9,
  timer_cancelled: 10,
  task_done: 11,
  task_failed: 12,
  task_cancelled: 13,
  callback_cancelled: 14,
});

/**
 * @param {{ frame: number, wallMs: number, loopTime: number,
 *   f64: Float64Array, u32: Uint32Array, count: number,
 *   names: [number, string][], errors: [number, string][], dropped: number }} parts
 *   f64/u32 may be views into the wasm heap: they are copied here.
 */
export function makeBatch(parts) {
  const { count } = parts;
  return {
    version: TRACE_FORMAT_VERSION,
    frame: parts.frame,
    wallMs: parts.wallMs,
    loopTime: parts.loopTime,
    count,
    f64: parts.f64.slice(0, count * 2),
    u32: parts.u32.slice(0, count * 3),
    names: parts.names,
    errors: parts.errors,
    dropped: parts.dropped,
  };
}

/** The events of a batch as objects: for tests and the inspector, not for hot paths. */
export function batchEvents(batch) {
  const out = [];
  for (let i = 0; i < batch.count; i++) {
    out.push({
      time: batch.f64[2 * i],
      value: batch.f64[2 * i + 1],
      kind: batch.u32[3 * i],
      id: batch.u32[3 * i + 1],
      ref: batch.u32[3 * i + 2],
    });
  }
  return out;
}
