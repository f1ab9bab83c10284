// One playground session, shared by the full page and the embed: runs the
// editor's code in the sandbox and shows what comes back in the output view,
// the status line, the editor's markers and document.body.dataset.run.
import type { CodeEditor } from '../editor/editor';
import type { OutputView } from '../output/output-view';
import { Runner, type RunStatus, type TraceSink } from '../runner/runner';

export interface SessionOptions {
  sandboxHost: HTMLElement;
  editor: CodeEditor;
  output: OutputView;
  status: HTMLElement;
  store: TraceSink | null;
  clock?(): 'real' | 'virtual';
  onPrint?(line: { loop: 'cpp' | 'js'; ms: number; text: string }): void;
  onStatus?(status: RunStatus): void;
  /** The sandbox's word on whether the C++ loop is paused (the views' Pause button shows it). */
  onPaused?(paused: boolean): void;
}

export class Session {
  readonly runner: Runner;
  /** What the running status line says besides "running": the sandbox's word on Pause, and the page's on a blocked thread. */
  private paused = false;
  private blocked = false;

  constructor(private o: SessionOptions) {
    this.setStatus('idle');
    this.runner = new Runner(o.sandboxHost, o.store, {
      onStatus: (status, ms) => this.setStatus(status, ms),
      onPrint: (line) => {
        o.output.print(line);
        o.onPrint?.(line);
      },
      onError: (e) => {
        const where = e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : '';
        o.output.note('error', `${e.task ? `Error in ${e.task}: ` : ''}${e.message}${where}`, e.stack);
      },
      onSyntaxError: (e) => {
        o.editor.setMarkers([{ line: e.line, column: e.column, message: e.message }]);
        o.output.note('error', `${e.message} at line ${e.line}, column ${e.column}. Nothing ran: fix it and run again.`);
      },
      onBlocked: (startMs, endMs) =>
        o.output.note(
          'warning',
          `Both loops were blocked for ${Math.round(endMs - startMs)} ms (${Math.round(startMs)}–${Math.round(endMs)} ms): one turn kept the thread, so no timer, frame or task of either loop could run.`,
        ),
      // A note in the output, not the status line: the loop goes on (on timer
      // ticks) once the stall is noticed, and no message says when frames are back.
      onStalled: (sinceMs) =>
        o.output.note(
          'info',
          `The C++ loop paused for ${(sinceMs / 1000).toFixed(1)} s, not hung: the browser stopped sending animation frames, as it may while the tab is hidden. It goes on now, stepped by timers instead of frames, until frames come back.`,
        ),
      onPaused: (paused) => {
        this.paused = paused;
        this.showRunning();
        o.onPaused?.(paused);
      },
      onBusy: (blocked) => {
        this.blocked = blocked;
        this.showRunning();
      },
      onSandboxRestarted: () =>
        o.output.note('info', 'The sandbox had lost its process (the browser ended it) before this run began: the run starts again in a fresh one.'),
      onUnfinished: (count, tasks) => {
        const named = tasks.map((t) => `"${t.name}" (waiting on ${t.waitingOn})`).join(', ');
        const more = count > tasks.length ? `, and ${count - tasks.length} more` : '';
        o.output.note(
          'warning',
          `The run ended with ${count === 1 ? 'a task' : `${count.toLocaleString('en-US')} tasks`} that never finished: ${named}${more}. Neither loop had anything left to do that could resume ${count === 1 ? 'it' : 'them'}.`,
        );
      },
      // Slow motion slows the C++ loop's clock, not the wall clock: the talk's
      // sleeps (a loop on Date.now()) then end early on the loop's clock, and
      // a learner watching hello print at 125 ms instead of 500 needs to know why.
      onWallClockRead: (clock) => {
        const speed = this.runner.speed;
        if (clock !== 'virtual' || speed >= 1) return;
        o.output.note(
          'info',
          `This snippet reads the wall clock (Date.now() or performance.now()), which slow motion does not slow: a wait timed with it takes real time while the C++ loop's clock runs at ${speed}x, so on the loop's clock it ends early. loop.now() reads the loop's clock.`,
        );
      },
    });
  }

  run() {
    this.o.editor.setMarkers([]);
    this.o.output.clear();
    // Slow motion needs the virtual clock: a page without a clock choice (the embed) takes it when a slower speed was chosen.
    const clock = this.o.clock?.() ?? (this.runner.speed < 1 ? 'virtual' : 'real');
    this.runner.run(this.o.editor.getValue(), { clock });
  }

  stop() {
    this.runner.stop();
  }

  /** Puts `code` in the editor as a fresh page would show it: a run going is stopped, the output cleared. */
  show(code: string) {
    if (this.runner.status === 'running') this.stop();
    this.o.editor.setValue(code);
    this.o.output.clear();
  }

  /** The status line of a run going: paused, blocked, or just running. */
  private showRunning() {
    if (this.runner.status !== 'running') return;
    this.o.status.textContent = this.blocked
      ? 'Both loops are blocked: the snippet has kept its thread for over a second (an endless loop never gives it back). Esc or Stop stops it.'
      : this.paused
        ? 'Paused (the C++ loop waits for Resume or Step).'
        : 'Running… (Esc or Stop to stop)';
  }

  private setStatus(status: RunStatus, ms?: number) {
    this.paused = false;
    this.blocked = false;
    // Every printed line is on screen before the page says the run ended.
    this.o.output.flush();
    document.body.dataset.run = status;
    this.o.editor.setRunGoing(status === 'running');
    const secs = ms === undefined ? '' : ` after ${(ms / 1000).toFixed(2)} s`;
    const text: Record<RunStatus, string> = {
      idle: 'Ready: press Run (Ctrl+Enter).',
      running: 'Running… (Esc or Stop to stop)',
      done: `Done${secs}: neither loop has anything left to do.`,
      stopped: 'Stopped.',
      error: `Finished with an error${secs}.`,
    };
    this.o.status.textContent = text[status];
    this.o.onStatus?.(status);
  }
}
