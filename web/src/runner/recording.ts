// What the runner keeps of a run so that it can be re-run to a point of its
// recording (issue: "deterministic re-runs on the virtual clock"): the code,
// the clock, every turn of the C++ loop as the sandbox reported it (loop time,
// wall ms, resumes, step or tick: what a replay needs), the printed lines to
// check a re-run's output against, and what the snippet used that a re-run
// cannot repeat. The trace itself stays in the TraceStore.
import type { Clock, Loop, ReplayFrame, Unrepeatable } from '../protocol';
import type { TraceBatch } from '../trace/format';

/** Printed lines kept for the check; a run that prints more is checked on its first ones. */
export const MAX_RECORDED_LINES = 10_000;

export interface RecordedLine {
  loop: Loop;
  text: string;
}

export class RunRecording {
  /** The turns of the C++ loop, in order; turnStart[i] is the index of turn i's first core event. */
  readonly turns: ReplayFrame[] = [];
  readonly turnStart: number[] = [];
  /** Core events received. */
  events = 0;
  /** Events the runtime's bounded recorder dropped (the indices after them no longer line up). */
  dropped = 0;
  /** A batch came without its turn (a sandbox that cannot replay): no re-run. */
  turnsMissing = false;
  readonly lines: RecordedLine[] = [];
  /** Lines printed past MAX_RECORDED_LINES (not kept). */
  linesNotKept = 0;
  readonly unrepeatable = new Set<Unrepeatable>();

  constructor(
    readonly code: string,
    readonly clock: Clock,
  ) {}

  addBatch(batch: TraceBatch, turn: ReplayFrame | undefined): void {
    if (turn === undefined) this.turnsMissing = true;
    else {
      this.turns.push(turn);
      this.turnStart.push(this.events);
    }
    this.events += batch.count;
    this.dropped += batch.dropped;
  }

  addLine(line: RecordedLine): void {
    if (this.lines.length < MAX_RECORDED_LINES) this.lines.push({ loop: line.loop, text: line.text });
    else this.linesNotKept++;
  }
}
