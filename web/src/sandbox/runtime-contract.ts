// The slice of the bindings' contract (docs/architecture.md section 2) the
// sandbox uses, typed here because the bindings are plain JS with JSDoc and
// may not exist yet in a given checkout: the worker picks them up through an
// eager import.meta.glob and runs JS-only without them.
import type { ReplayFrame } from '../protocol';
import type { TraceBatch } from '../trace/format';

export interface PrintLine {
  loop: 'cpp' | 'js';
  ms: number;
  text: string;
}

export interface FrameSource {
  request(cb: (nowMs: number) => void): number;
  cancel(id: number): void;
}

export interface RuntimeOptions {
  /** The .wasm bytes, or (additive) the module compiled: one of the two. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  wasmModule?: WebAssembly.Module;
  clock?: 'real' | 'virtual';
  frameSource?: FrameSource;
  /** Additive to the contract: the timers of the driver's watchdog and fallback frames. */
  timers?: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(id: unknown): void };
  frameBudgetMs?: number;
  startMs?: number;
  /** Additive to the contract: the wall clock in ms (default performance.now). */
  wallClock?(): number;
  onPrint?(line: PrintLine): void;
  /** `turn` (additive): the turn that made the batch, as a replay needs it. */
  onTrace?(batch: TraceBatch, turn: ReplayFrame): void;
  onIdle?(): void;
  onError?(error: { message: string; stack?: string; fatal: boolean; task?: string }): void;
  onFrameStall?(info: { sinceMs: number }): void;
  /** Additive to the contract: true skips this frame's tick (the page is behind on the trace). */
  holdFrame?(): boolean;
  /** Additive to the contract: the most resumes one frame's tick runs. */
  maxResumesPerFrame?: number;
  /** Additive: run these recorded turns again (virtual clock only), then call onReplayEnd. */
  replay?: ReplayFrame[];
  onReplayEnd?(): void;
}

export interface Runtime {
  globals: { loop: unknown; print(...values: unknown[]): void; now(): number };
  start(): void;
  pause(): void;
  step(): boolean;
  setSpeed(factor: number): void;
  isIdle(): boolean;
  /** Additive: the snippet's tasks that have not finished, and what each waits on. */
  unfinishedTasks(): { name: string; waitingOn: string }[];
  dispose(): void;
  /** Additive: a replay is still running its recorded turns. */
  isReplaying(): boolean;
  /** Additive: the run's wall clock, ms since it began (a replay's follows the recorded turns). */
  wallMs(): number;
}

export type CreateRuntime = (options: RuntimeOptions) => Promise<Runtime>;
