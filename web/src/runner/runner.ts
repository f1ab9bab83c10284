// The page's side of the sandbox (docs/architecture.md section 3): owns the
// sandbox frame, starts and stops runs, checks every message it gets back and
// hands them on: printed lines and errors to the page, trace batches to the
// TraceStore. It is also the RunControl the views use.
import { msg, parseSandboxMessage, type Clock, type PageToSandbox, type SandboxToPage } from '../protocol';
import frameScript from '../sandbox/frame.js?raw';
import type { JsTraceEvent, TraceBatch } from '../trace/format';
import { loadSandboxAssets } from './assets';

export type RunStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

/** What the runner feeds (the views' TraceStore implements it). */
export interface TraceSink {
  reset(options?: { clock?: 'real' | 'virtual' | 'unknown' }): void;
  appendCore(batch: TraceBatch): void;
  appendJs(events: JsTraceEvent[]): void;
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

type ControlMessage = { type: 'pause' } | { type: 'resume' } | { type: 'step' } | { type: 'speed'; factor: number };

export class Runner {
  status: RunStatus = 'idle';
  private frame: HTMLIFrameElement;
  private runId = 0;
  private readyPromise: Promise<void>;
  private markReady!: () => void;
  private failReady!: (e: Error) => void;
  private paused = false;
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

  constructor(
    container: HTMLElement,
    private store: TraceSink | null,
    private handlers: RunHandlers,
  ) {
    this.readyPromise = new Promise((ok, fail) => {
      this.markReady = ok;
      this.failReady = fail;
    });
    this.frame = document.createElement('iframe');
    // allow-scripts only: no allow-same-origin, so the frame's origin is opaque.
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('title', 'Loop Lab sandbox (runs your code)');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.setAttribute('tabindex', '-1');
    this.frame.className = 'sandbox-frame';
    // Fetch what the sandbox needs while its frame is being made.
    void loadSandboxAssets().then(() => performance.mark('looplab:assets-fetched'), () => undefined);
    window.addEventListener('message', this.onMessage);
    this.frame.addEventListener(
      'load',
      () => {
        performance.mark('looplab:frame-loaded');
        void this.init();
      },
      { once: true },
    );
    this.frame.srcdoc = sandboxSrcdoc();
    container.append(this.frame);
  }

  /** Resolves once the sandbox can run code. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  private async init() {
    try {
      const assets = await loadSandboxAssets();
      this.send({ type: 'init', workerCode: assets.workerCode, wasmBinary: assets.wasmBinary });
    } catch (e) {
      this.failReady(e as Error);
    }
  }

  run(code: string, options: { clock?: Clock; speed?: number } = {}): number {
    if (this.status === 'running') this.send({ type: 'stop' });
    const runId = ++this.runId;
    const clock = options.clock ?? 'real';
    const paused = this.startPaused;
    this.startPaused = false;
    this.store?.reset({ clock });
    this.paused = false;
    this.queued = [];
    this.setStatus('running');
    void this.readyPromise.then(
      () => {
        if (runId !== this.runId) return;
        performance.mark('looplab:run-sent');
        this.send({ type: 'run', runId, code, clock, speed: options.speed ?? this.speedFactor, paused });
        const queued = this.queued ?? [];
        this.queued = null;
        for (const m of queued) this.send(m);
      },
      (e: Error) => {
        if (runId !== this.runId) return;
        this.handlers.onError({ message: `The sandbox could not start: ${e.message}` });
        this.setStatus('error');
      },
    );
    return runId;
  }

  stop() {
    if (this.status !== 'running') return;
    this.runId++; // anything still in flight from the old run is ignored
    this.queued = null;
    this.send({ type: 'stop' });
    this.setStatus('stopped');
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

  private send(body: PageToSandbox extends infer T ? (T extends PageToSandbox ? Omit<T, 'source'> : never) : never) {
    this.frame.contentWindow?.postMessage(msg(body), '*');
  }

  private setStatus(status: RunStatus, ms?: number) {
    this.status = status;
    this.handlers.onStatus(status, ms);
  }

  private onMessage = (e: MessageEvent) => {
    if (e.source !== this.frame.contentWindow) return;
    const m = parseSandboxMessage(e.data);
    if (!m) {
      console.warn('Loop Lab: ignored a sandbox message of the wrong shape', e.data);
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
      case 'print':
        this.handlers.onPrint({ loop: m.loop, ms: m.ms, text: m.text });
        break;
      case 'trace':
        this.store?.appendCore(m.batch);
        // Flow control: the worker holds the C++ loop while the page is behind.
        this.send({ type: 'trace-taken' });
        break;
      case 'js-trace':
        this.store?.appendJs(m.events);
        break;
      case 'blocked':
        this.store?.appendBlocked(m.startMs, m.endMs);
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
      case 'done':
        this.setStatus(m.status, m.ms);
        // Retire the finished worker so a fresh one is ready for the next Run.
        this.send({ type: 'stop' });
        break;
    }
  }
}
