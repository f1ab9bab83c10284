// The page's side of the sandbox (docs/architecture.md section 3): owns the
// sandbox frame, starts and stops runs, checks every message it gets back and
// hands them on: printed lines and errors to the page, trace batches to the
// TraceStore, paced by a TraceFeed (traceFeed.ts). It is also the RunControl
// the views use. It keeps what a run needs to be re-run to a point of its
// recording (recording.ts, replay.ts).
import { msg, parseSandboxMessage, type Clock, type PageToSandbox, type ReplayFrame, type SandboxToPage } from '../protocol';
import frameScript from '../sandbox/frame.js?raw';
import type { JsStreamRecord, TraceBatch } from '../trace/format';
import { loadSandboxAssets } from './assets';
import { SandboxWatch } from './sandboxWatch';
import { RunRecording, type RecordedLine } from './recording';
import { TraceFeed } from './traceFeed';
import {
  checkRerun,
  compareLines,
  firstDifference,
  planRerun,
  snapshot,
  type ExpectedTrace,
  type RerunCheck,
  type RerunOutcome,
  type TraceReader,
} from './replay';

export type RunStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

/** Whether a run with this status has ended (by itself, with an error, or stopped). */
export function hasEnded(status: RunStatus): boolean {
  return status === 'done' || status === 'error' || status === 'stopped';
}

/** What the runner feeds (the views' TraceStore implements it). */
export interface TraceSink {
  reset(options?: { clock?: 'real' | 'virtual' | 'unknown' }): void;
  appendCore(batch: TraceBatch): void;
  appendJs(events: readonly JsStreamRecord[]): void;
  appendBlocked(startMs: number, endMs: number): void;
}

export interface RunHandlers {
  onStatus(status: RunStatus, ms?: number): void;
  onPrint(line: { loop: 'cpp' | 'js'; ms: number; text: string }): void;
  onError(e: { message: string; stack?: string; line?: number; column?: number; task?: string }): void;
  onSyntaxError(e: { message: string; line: number; column: number }): void;
  onBlocked(startMs: number, endMs: number): void;
  onPaused?(paused: boolean): void;
  onStalled?(sinceMs: number): void;
  /** The sandbox's thread has been kept by the snippet for over a second (true), or is free again (false). */
  onBusy?(blocked: boolean): void;
  /** The run ended by itself with `count` of the snippet's tasks unfinished (`tasks`: the first few, and what each waits on). */
  onUnfinished?(count: number, tasks: readonly { name: string; waitingOn: string }[]): void;
  /** The run found its sandbox frame gone before it began, and starts again in a fresh one. */
  onSandboxRestarted?(): void;
  /** The snippet read the wall clock (Date or performance.now) for the first time in this run, on this run's clock. */
  onWallClockRead?(clock: Clock): void;
}

// The frame gets no network at all (connect-src 'none'): code from a link can
// neither phone home nor load more code. Blob workers inherit this policy.
const FRAME_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:; worker-src blob:";

export function sandboxSrcdoc(): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">` +
    `<script>${frameScript.replace(/<\/script/gi, '<\\/script')}</script></head><body></body></html>`
  );
}

export interface RunOptions {
  clock?: Clock;
  speed?: number;
  replay?: ReplayFrame[];
}

type ControlMessage = { type: 'pause' } | { type: 'resume' } | { type: 'step' } | { type: 'speed'; factor: number };

/** A re-run on its way to its point: what it is checked against when it gets there. */
interface PendingRerun {
  runId: number;
  target: number;
  expected: ExpectedTrace;
  recordedLines: RecordedLine[];
  recordedLinesComplete: boolean;
  unrepeatable: RerunOutcome['unrepeatable'];
  reader: TraceReader;
  resolve(outcome: RerunOutcome): void;
}

export class Runner {
  status: RunStatus = 'idle';
  private frame!: HTMLIFrameElement;
  private runId = 0;
  private readyPromise: Promise<void>;
  private markReady!: () => void;
  private failReady!: (e: Error) => void;
  /**
   * Resolves once `init` went out. A run waits for this, not for `ready`: the
   * frame takes messages in order and its worker takes the run as soon as it
   * can, so waiting for `ready` would only add a round trip through the page.
   */
  private initSent!: Promise<void>;
  private markInitSent!: () => void;
  private failInitSent!: (e: Error) => void;
  private paused = false;
  /** The latest run as it was asked for (a run whose frame had lost its process starts again from it). */
  private lastRun: { code: string; options: RunOptions; paused: boolean } | null = null;
  /** The current run is the fresh start of one whose frame was gone (restarted once at most). */
  private restartedRun = false;
  /** The current run has read the wall clock (said once a run: see RunHandlers.onWallClockRead). */
  private wallClockRead = false;
  /** Pause pressed with no run going: the next run starts paused. */
  private startPaused = false;
  /** The last speed chosen, sent with every run (a choice made before Run must not be lost). */
  private speedFactor = 1;
  /**
   * Controls pressed after Run but before the `run` message went out (the
   * sandbox may still be starting): sent right after it, in order, so the
   * worker never sees a Pause or Step before its run. Null once it went out.
   */
  private queued: ControlMessage[] | null = null;
  /** The latest run's recording (what a re-run replays), and a re-run on its way. */
  private recording: RunRecording | null = null;
  private rerun: PendingRerun | null = null;
  /**
   * What the trace goes through on its way to the sink (the store, or the
   * embed's stand-in until the store has loaded): applied a few ms per frame,
   * so a big batch does not freeze the page. Null when there is no sink.
   */
  private feed: TraceFeed | null;
  /** Asks the running sandbox for answers: is its worker's thread blocked, is its frame still there? */
  private readonly watch = new SandboxWatch({
    ping: () => this.send({ type: 'ping' }),
    pingFrame: () => this.send({ type: 'frame-ping' }),
    onBlocked: (blocked) => this.handlers.onBusy?.(blocked),
    onFrameGone: (answeredBefore) => this.frameGone(answeredBefore),
  });

  constructor(
    private readonly container: HTMLElement,
    store: TraceSink | null,
    private handlers: RunHandlers,
  ) {
    // Flow control: the worker holds the C++ loop while the page has not taken
    // its batches. The feed says when a batch is taken (at once, unless its
    // backlog is large); an acknowledgement owed to a run that has ended is not sent.
    const onCoreTaken = () => {
      if (this.status === 'running') this.send({ type: 'trace-taken' });
    };
    this.feed = store ? new TraceFeed(store, { onCoreTaken }) : null;
    this.readyPromise = new Promise((ok, fail) => {
      this.markReady = ok;
      this.failReady = fail;
    });
    // Fetch what the sandbox needs while its frame is being made.
    void loadSandboxAssets().then(() => performance.mark('looplab:assets-fetched'), () => undefined);
    window.addEventListener('message', this.onMessage);
    this.makeFrame();
  }

  /** Makes the sandbox frame (again, after one was lost) and sends it `init` once it has loaded. */
  private makeFrame() {
    this.initSent = new Promise((ok, fail) => {
      this.markInitSent = ok;
      this.failInitSent = fail;
    });
    // A failure is reported by the run that waits for it (none may come).
    this.initSent.catch(() => undefined);
    const frame = document.createElement('iframe');
    // allow-scripts only: no allow-same-origin, so the frame's origin is opaque.
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('title', 'Loop Lab sandbox (runs your code)');
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('tabindex', '-1');
    frame.className = 'sandbox-frame';
    frame.addEventListener(
      'load',
      () => {
        performance.mark('looplab:frame-loaded');
        void this.init();
      },
      { once: true },
    );
    frame.srcdoc = sandboxSrcdoc();
    this.frame = frame;
    this.container.append(frame);
  }

  /** Puts a fresh sandbox frame in place of one whose process is gone. */
  private replaceFrame() {
    this.frame.remove();
    this.makeFrame();
  }

  /**
   * The sandbox frame stopped answering during a run: its process crashed
   * (SandboxWatch). The run ends with an error that says so, and a fresh frame
   * is made at once, so the next Run needs no reload.
   */
  private frameGone(answeredBefore: boolean) {
    if (this.status !== 'running') return;
    this.replaceFrame();
    // A frame that never answered in this run had lost its process before the
    // run began (the browser may end an idle frame's process; a Stop pressed
    // just after a crash leaves the dead frame in place): the snippet never
    // started, so it starts now in the fresh frame, once. A re-run is not
    // restarted: its check against the recording is already gone.
    const lastRun = this.lastRun;
    if (!answeredBefore && !this.restartedRun && lastRun && !lastRun.options.replay) {
      this.handlers.onSandboxRestarted?.();
      this.startPaused = lastRun.paused;
      this.run(lastRun.code, lastRun.options);
      this.restartedRun = true;
      return;
    }
    this.settleRerun('cancelled');
    this.runId++; // anything the old frame still had in flight is ignored
    this.queued = null;
    this.handlers.onError({
      message:
        'The sandbox stopped answering: the browser ended its process, which happens when a snippet keeps allocating memory until the browser refuses more. This run has ended; the next Run gets a fresh sandbox.',
    });
    this.setStatus('error');
  }

  /** Resolves once the sandbox can run code. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  private async init() {
    try {
      const assets = await loadSandboxAssets();
      // Handed over, not copied: the opaque-origin frame runs in a process of
      // its own, where reading a copied payload this size (~170 KB of code,
      // ~100 KB of wasm) costs tens of ms of CPU before its worker can start; a
      // transferred buffer costs next to nothing. Copies are transferred, so
      // the page keeps the fetched assets for any later Runner.
      const workerCode = new TextEncoder().encode(assets.workerCode);
      const wasmBinary = assets.wasmBinary ? assets.wasmBinary.slice(0) : null;
      this.send({ type: 'init', workerCode, wasmBinary }, wasmBinary ? [workerCode.buffer, wasmBinary] : [workerCode.buffer]);
      this.markInitSent();
    } catch (e) {
      this.failInitSent(e as Error);
      this.failReady(e as Error);
    }
  }

  run(code: string, options: RunOptions = {}): number {
    if (this.status === 'running') this.send({ type: 'stop' });
    this.settleRerun('cancelled');
    const runId = ++this.runId;
    const clock = options.clock ?? 'real';
    const replay = options.replay;
    // A re-run runs to its point, then pauses: a Pause pressed before it is kept for the next Run.
    const paused = replay ? false : this.startPaused;
    if (!replay) this.startPaused = false;
    this.lastRun = { code, options, paused };
    this.restartedRun = false;
    this.recording = new RunRecording(code, clock);
    this.feed?.reset({ clock });
    this.paused = false;
    this.wallClockRead = false;
    this.queued = [];
    this.setStatus('running');
    void this.initSent.then(
      () => {
        if (runId !== this.runId) return;
        performance.mark('looplab:run-sent');
        this.send({ type: 'run', runId, code, clock, speed: options.speed ?? this.speedFactor, paused, ...(replay ? { replay } : {}) });
        const queued = this.queued ?? [];
        this.queued = null;
        for (const m of queued) this.send(m);
        this.watch.start();
      },
      (e: Error) => {
        if (runId !== this.runId) return;
        this.settleRerun('cancelled');
        this.handlers.onError({ message: `The sandbox could not start: ${e.message}` });
        this.setStatus('error');
      },
    );
    return runId;
  }

  stop() {
    if (this.status !== 'running') {
      // A run that ended with trace still going into the store: Stop shows its end now.
      this.feed?.flush();
      return;
    }
    this.settleRerun('cancelled');
    this.runId++; // anything still in flight from the old run is ignored
    this.queued = null;
    this.send({ type: 'stop' });
    this.setStatus('stopped');
  }

  /** Whether the latest run's recording (read through `reader`, the store) can be re-run, and what in it may not repeat. */
  rerunCheck(reader: TraceReader): RerunCheck {
    // No flush: the views ask on every redraw, also while a run streams in,
    // and flushing then would undo the pacing. What the feed still holds is
    // counted as on its way, not lost: a live run's idle C++ loop sends a tick
    // batch every frame, and refusing while one waited made the note flicker
    // for a learner scrubbed back in it. The point to re-run to is already in
    // the store (the scrubber only reaches what is), and rerunTo flushes first.
    return checkRerun(this.recording, reader, this.feed?.pendingEvents ?? 0);
  }

  /**
   * Runs the latest run's code again from scratch, on the virtual clock,
   * following its recorded turns, and pauses it at event `target` of its
   * recording (after the resume that contains it). Resolves once it is there
   * (or stopped), with the check of the re-run against the recording.
   */
  rerunTo(target: number, reader: TraceReader): Promise<RerunOutcome> {
    // The plan and the copy read the store: all of the run must be in it.
    this.feed?.flush();
    const rec = this.recording;
    const check = checkRerun(rec, reader);
    const point = Math.max(reader.firstIndex, Math.min(reader.endIndex, Math.floor(target)));
    if (!check.ok || rec === null) {
      const reason = check.ok ? 'There is no recording to re-run.' : check.reason;
      return Promise.resolve({
        status: 'unavailable',
        target: point,
        pausedAt: 0,
        comparedFrom: 0,
        difference: null,
        lines: { count: 0, differsAt: null },
        unrepeatable: [],
        reason,
      });
    }
    const turns = planRerun(rec, reader, point);
    // The recording is about to be replaced by the re-run's: keep what the re-run is checked against.
    const expected = snapshot(reader, point);
    const recordedLines = rec.lines;
    const recordedLinesComplete = rec.linesNotKept === 0;
    return new Promise((resolve) => {
      const runId = this.run(rec.code, { clock: 'virtual', replay: turns });
      this.rerun = {
        runId,
        target: point,
        expected,
        recordedLines,
        recordedLinesComplete,
        unrepeatable: check.unrepeatable,
        reader,
        resolve,
      };
    });
  }

  /** Ends the pending re-run: checked against the recording, or cancelled. */
  private settleRerun(how: 'checked' | 'cancelled', pausedAt = this.recording?.events ?? 0) {
    const r = this.rerun;
    if (r === null) return;
    this.rerun = null;
    if (how === 'cancelled') {
      r.resolve({
        status: 'cancelled',
        target: r.target,
        pausedAt,
        comparedFrom: r.expected.from,
        difference: null,
        lines: { count: 0, differsAt: null },
        unrepeatable: r.unrepeatable,
      });
      return;
    }
    // The re-run's trace may still be on its way into the store: all of it is compared.
    this.feed?.flush();
    const difference = firstDifference(r.expected, r.reader);
    const lines = compareLines(r.recordedLines, this.recording?.lines ?? [], r.recordedLinesComplete);
    r.resolve({
      status: difference === null && lines.differsAt === null ? 'matched' : 'differs',
      target: r.target,
      pausedAt,
      comparedFrom: r.expected.from,
      difference,
      lines,
      unrepeatable: r.unrepeatable,
    });
  }

  /** The speed the next run starts with (and the current one runs at, on the virtual clock). */
  get speed(): number {
    return this.speedFactor;
  }

  // RunControl (the views' buttons): forwarded to the runtime in the worker.
  // With no run going, Pause means "start the next run paused".
  pause() {
    if (this.status === 'running') this.control({ type: 'pause' });
    else this.startPaused = true;
  }
  resume() {
    if (this.status === 'running') this.control({ type: 'resume' });
    else this.startPaused = false;
  }
  step() {
    if (this.status === 'running') this.control({ type: 'step' });
  }
  setSpeed(factor: number) {
    if (!Number.isFinite(factor)) return;
    this.speedFactor = factor;
    if (this.status === 'running') this.control({ type: 'speed', factor });
  }

  private control(m: ControlMessage) {
    if (this.queued) this.queued.push(m);
    else this.send(m);
  }

  dispose() {
    window.removeEventListener('message', this.onMessage);
    this.frame.remove();
  }

  private send(
    body: PageToSandbox extends infer T ? (T extends PageToSandbox ? Omit<T, 'source'> : never) : never,
    transfer: Transferable[] = [],
  ) {
    this.frame.contentWindow?.postMessage(msg(body), '*', transfer);
  }

  private setStatus(status: RunStatus, ms?: number) {
    this.status = status;
    // A new run's watch starts once its `run` went out; the last run's ends here.
    this.watch.stop();
    if (!hasEnded(status) || this.feed === null) {
      this.handlers.onStatus(status, ms);
      return;
    }
    // A run's end is reported once all of its trace is in the store: the
    // views, a re-run check and tests read the whole of it then. What the page
    // has not taken yet goes in a slice a frame (TraceFeed.finish), not in one
    // frozen frame. A new run in between makes this end stale; Stop shows it at once.
    const runId = this.runId;
    this.feed.finish(() => {
      if (runId === this.runId) this.handlers.onStatus(status, ms);
    });
  }

  private onMessage = (e: MessageEvent) => {
    if (e.source !== this.frame.contentWindow) return;
    const m = parseSandboxMessage(e.data);
    if (!m) {
      console.warn('Loop Lab: ignored a sandbox message of the wrong shape', e.data);
      return;
    }
    if (m.type === 'frame-pong') {
      this.watch.frameAnswered();
      return;
    }
    if (m.type === 'ready') {
      performance.mark('looplab:sandbox-ready');
      this.markReady();
      return;
    }
    if (m.runId !== this.runId || this.status !== 'running') return;
    this.dispatch(m);
  };

  private dispatch(m: Exclude<SandboxToPage, { type: 'ready' }>) {
    switch (m.type) {
      // The frame sends the worker's lines on as `prints`; a lone `print` is the same, one line.
      case 'print':
      case 'prints':
        for (const line of m.type === 'print' ? [m] : m.lines) {
          this.recording?.addLine(line);
          this.handlers.onPrint({ loop: line.loop, ms: line.ms, text: line.text });
        }
        break;
      case 'trace':
        this.recording?.addBatch(m.batch, m.turn);
        // Flow control: the worker holds the C++ loop while the page is behind;
        // the feed acknowledges the batch once it is taken (see the constructor).
        if (this.feed) this.feed.appendCore(m.batch);
        else this.send({ type: 'trace-taken' });
        break;
      case 'js-trace':
        this.feed?.appendJs(m.events);
        break;
      case 'blocked':
        this.feed?.appendBlocked(m.startMs, m.endMs);
        this.handlers.onBlocked(m.startMs, m.endMs);
        break;
      case 'error':
        this.handlers.onError(m);
        break;
      case 'syntax-error':
        this.handlers.onSyntaxError(m);
        break;
      case 'state':
        if (m.paused !== this.paused) {
          this.paused = m.paused;
          this.handlers.onPaused?.(m.paused);
        }
        break;
      case 'stalled':
        this.handlers.onStalled?.(m.sinceMs);
        break;
      case 'pong':
        this.watch.answered();
        break;
      case 'unfinished':
        this.handlers.onUnfinished?.(m.count, m.tasks);
        break;
      case 'unrepeatable':
        this.recording?.unrepeatable.add(m.what);
        if ((m.what === 'Date' || m.what === 'performance.now') && !this.wallClockRead) {
          this.wallClockRead = true;
          this.handlers.onWallClockRead?.(this.recording?.clock ?? 'real');
        }
        break;
      case 'replayed':
        if (this.rerun?.runId === m.runId) this.settleRerun('checked', m.events);
        break;
      case 'done':
        // A re-run that ended before its point is checked as far as it got.
        if (this.rerun?.runId === m.runId) this.settleRerun('checked');
        this.setStatus(m.status, m.ms);
        // Retire the finished worker so a fresh one is ready for the next Run.
        this.send({ type: 'stop' });
        break;
    }
  }
}
