// What the store refuses, and why, in words a learner or a producer's author
// can act on: a trace batch or a JS trace event that does not follow
// docs/trace-format.md. Kept apart from the store so the runner's feed can
// check a batch whole before slicing it without loading the store (the embed
// loads the store only with its trace panel).
import { MAX_KIND, JS_APIS, TRACE_FORMAT_VERSION, type JsTraceEvent, type TraceBatch } from './format';

const JS_PHASES = new Set(['scheduled', 'run_begin', 'run_end', 'cancelled']);

/** Null for a good batch, else what is wrong with it. */
export function checkBatch(batch: TraceBatch): string | null {
  if (batch === null || typeof batch !== 'object') return 'not an object';
  if (batch.version !== TRACE_FORMAT_VERSION) {
    return `trace format version ${String(batch.version)}, but these views read version ${TRACE_FORMAT_VERSION}`;
  }
  if (!Number.isInteger(batch.count) || batch.count < 0) return `count must be a non-negative integer, got ${String(batch.count)}`;
  if (!(batch.f64 instanceof Float64Array)) return 'f64 must be a Float64Array';
  if (!(batch.u32 instanceof Uint32Array)) return 'u32 must be a Uint32Array';
  if (batch.f64.length < 2 * batch.count) return `f64 holds ${batch.f64.length} numbers, ${2 * batch.count} needed for ${batch.count} events`;
  if (batch.u32.length < 3 * batch.count) return `u32 holds ${batch.u32.length} numbers, ${3 * batch.count} needed for ${batch.count} events`;
  if (!Number.isFinite(batch.wallMs) || !Number.isFinite(batch.loopTime)) return 'wallMs and loopTime must be finite numbers';
  if (!Array.isArray(batch.names) || !Array.isArray(batch.errors)) return 'names and errors must be arrays of [id, text]';
  if (!Number.isInteger(batch.dropped) || batch.dropped < 0) return `dropped must be a non-negative integer, got ${String(batch.dropped)}`;
  for (let i = 0; i < batch.count; i++) {
    const kind = batch.u32[3 * i] ?? 0;
    if (kind < 1 || kind > MAX_KIND) return `event ${i} has unknown kind ${kind} (known: 1..${MAX_KIND})`;
  }
  return null;
}

/** Null for a good JS trace event, else what is wrong with it. */
export function checkJsEvent(e: JsTraceEvent): string | null {
  if (e === null || typeof e !== 'object') return 'not an object';
  if (e.kind !== 'js') return `kind must be 'js', 'blocked' or 'unrecorded', got ${JSON.stringify(e.kind)}`;
  if (!JS_APIS.includes(e.api)) return `unknown api ${JSON.stringify(e.api)}`;
  if (!JS_PHASES.has(e.phase)) return `unknown phase ${JSON.stringify(e.phase)}`;
  if (!Number.isFinite(e.ms)) return `ms must be a finite number, got ${String(e.ms)}`;
  if (!Number.isInteger(e.id)) return `id must be an integer, got ${String(e.id)}`;
  return null;
}
