// Re-running a recorded run to one of its points, and checking the re-run
// against the recording. The plan: the recorded turns of the C++ loop up to
// the turn that holds the point, that last turn cut after the resume that
// contains the point (a loop pauses between resumes, never inside one). The
// check: the re-run's core events (kind, id, ref) against the recording's, up
// to the point, and its printed lines against the recording's first ones. A
// match is only ever claimed from this check, never assumed.
import type { ReplayFrame, Unrepeatable } from '../protocol';
import { Kind } from '../trace/format';
import type { RecordedLine, RunRecording } from './recording';

/** The slice of the TraceStore's read API a re-run needs (docs/architecture.md section 4). */
export interface TraceReader {
  readonly firstIndex: number;
  readonly endIndex: number;
  kindAt(index: number): number;
  idAt(index: number): number;
  refAt(index: number): number;
}

export type RerunCheck = { ok: true; unrepeatable: Unrepeatable[] } | { ok: false; reason: string };

export interface TraceEvent {
  kind: number;
  id: number;
  ref: number;
}

export interface TraceDifference {
  index: number;
  recorded: TraceEvent;
  /** null: the re-run's trace ended before this index. */
  rerun: TraceEvent | null;
}

export interface LineComparison {
  /** Lines the re-run printed (up to the recorded ones kept). */
  count: number;
  /** The first line that differs (0-based), or null when the re-run's lines are the recording's first ones. */
  differsAt: number | null;
  recorded?: RecordedLine | undefined;
  rerun?: RecordedLine | undefined;
}

export interface RerunOutcome {
  status: 'matched' | 'differs' | 'cancelled' | 'unavailable';
  /** The point asked for (an event index of the recording). */
  target: number;
  /** Core events the re-run had traced when it paused (at or past target when it got there). */
  pausedAt: number;
  /** The first event compared (events before it had left the bounded recording). */
  comparedFrom: number;
  difference: TraceDifference | null;
  lines: LineComparison;
  unrepeatable: Unrepeatable[];
  /** Why there was no re-run ('unavailable'). */
  reason?: string;
}

/**
 * Whether the recording can be re-run at all, and what in it may not repeat.
 * `pendingEvents`: core events received but still queued on their way into
 * the store (the trace feed's pacing); they are late, not lost.
 */
export function checkRerun(rec: RunRecording | null, reader: TraceReader, pendingEvents = 0): RerunCheck {
  if (rec === null || rec.events === 0) return { ok: false, reason: 'Run a snippet first: there is no recording to re-run.' };
  if (rec.clock !== 'virtual') {
    return {
      ok: false,
      reason:
        'Re-run to here needs a run on the virtual clock: this run followed the wall clock, which no re-run can repeat. ' +
        'Choose the virtual clock and run again to re-run to a point.',
    };
  }
  if (rec.turnsMissing) return { ok: false, reason: 'This recording does not say how its frames ran, so it cannot be re-run.' };
  if (rec.dropped > 0 || reader.endIndex + pendingEvents !== rec.events) {
    return {
      ok: false,
      reason: 'Part of this recording was lost on its way to the views, so a re-run could not be checked against it.',
    };
  }
  return { ok: true, unrepeatable: [...rec.unrepeatable] };
}

/** The turns to replay so that the re-run pauses just after the resume that contains event `target - 1`. */
export function planRerun(rec: RunRecording, reader: TraceReader, target: number): ReplayFrame[] {
  if (target <= 0) return [];
  const last = target - 1;
  // The turn holding the last event applied at the point.
  let lo = 0;
  let hi = rec.turnStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((rec.turnStart[mid] ?? 0) <= last) lo = mid;
    else hi = mid - 1;
  }
  const turns = rec.turns.slice(0, lo + 1);
  const turn = turns[lo];
  const start = rec.turnStart[lo] ?? 0;
  if (turn === undefined || turn.step || start < reader.firstIndex) return turns;
  // A tick: cut it after the resume that contains the point. A point before
  // the tick's first resume (its timers firing) takes that first resume too:
  // a tick cannot stop before it runs one.
  let begun = 0;
  for (let i = start; i <= last; i++) if (reader.kindAt(i) === Kind.resumeBegin) begun++;
  turns[lo] = { ...turn, resumes: Math.max(begun, Math.min(1, turn.resumes)) };
  return turns;
}

/** The recording's events [from, to), copied: the store is reset for the re-run. */
export interface ExpectedTrace {
  from: number;
  to: number;
  kind: Uint8Array;
  id: Uint32Array;
  ref: Uint32Array;
}

export function snapshot(reader: TraceReader, to: number): ExpectedTrace {
  const from = reader.firstIndex;
  const n = Math.max(0, to - from);
  const e: ExpectedTrace = { from, to: from + n, kind: new Uint8Array(n), id: new Uint32Array(n), ref: new Uint32Array(n) };
  for (let k = 0; k < n; k++) {
    e.kind[k] = reader.kindAt(from + k);
    e.id[k] = reader.idAt(from + k);
    e.ref[k] = reader.refAt(from + k);
  }
  return e;
}

/** The first event where the re-run's trace is not the recording's, or null when all of [from, to) match. */
export function firstDifference(expected: ExpectedTrace, rerun: TraceReader): TraceDifference | null {
  // Events the re-run's own bounded recording has dropped cannot be read back; the rest are compared.
  const from = Math.max(expected.from, rerun.firstIndex);
  for (let i = from; i < expected.to; i++) {
    const k = i - expected.from;
    const recorded = { kind: expected.kind[k] ?? 0, id: expected.id[k] ?? 0, ref: expected.ref[k] ?? 0 };
    if (i >= rerun.endIndex) return { index: i, recorded, rerun: null };
    const got = { kind: rerun.kindAt(i), id: rerun.idAt(i), ref: rerun.refAt(i) };
    if (got.kind !== recorded.kind || got.id !== recorded.id || got.ref !== recorded.ref) return { index: i, recorded, rerun: got };
  }
  return null;
}

/**
 * Whether the re-run's lines are the recording's first ones (same loop, same
 * text). `recordedComplete`: false when the recording kept only its first
 * lines, which are then all there is to compare against.
 */
export function compareLines(recorded: readonly RecordedLine[], rerun: readonly RecordedLine[], recordedComplete: boolean): LineComparison {
  const n = recordedComplete ? rerun.length : Math.min(rerun.length, recorded.length);
  for (let i = 0; i < n; i++) {
    const a = recorded[i];
    const b = rerun[i];
    if (a === undefined || b === undefined || a.loop !== b.loop || a.text !== b.text) {
      return { count: rerun.length, differsAt: i, recorded: a, rerun: b };
    }
  }
  return { count: n, differsAt: null };
}
