// Entry point of the views (docs/architecture.md section 4): the runner calls
// mountViews once with the page's container, the run's TraceStore and its
// RunControl. Everything drawn comes from the store; nothing here talks to a
// runtime. All views redraw together, at most once per animation frame.
import type { TraceStore } from '../trace/store';
import { Controls } from './controls';
import { EventLog } from './eventLog';
import { FrameScheduler } from './frame';
import { Inspector } from './inspector';
import { Timeline } from './timeline';
import { ViewState } from './viewState';
import './views.css';

export interface RunControl {
  pause(): void;
  resume(): void;
  step(): void;
  setSpeed(factor: number): void;
}

export interface ViewsHandle {
  /** The runner's word on the run (from the sandbox's `state` message), so Pause shows the truth. */
  setRunState(state: { paused: boolean }): void;
  /** Removes the views and stops listening to the store. */
  unmount(): void;
}

/** With reduced motion, a live run redraws the views at most this often (ms). */
const REDUCED_MOTION_EVERY_MS = 500;

export function mountViews(root: HTMLElement, store: TraceStore, control: RunControl): ViewsHandle {
  const view = new ViewState(store);
  const frames = new FrameScheduler();
  const container = document.createElement('div');
  container.className = 'll-views';
  const controls = new Controls(store, view, control);
  const timeline = new Timeline(store, view, () => frames.request());
  const inspector = new Inspector(store, view);
  const log = new EventLog(store, view);
  const side = document.createElement('div');
  side.className = 'll-side';
  side.append(inspector.el, log.el);
  container.append(controls.el, timeline.el, side);
  root.append(container);

  const reduced = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  let lastDraw = 0;
  let deferred = 0;
  let lastRun = store.runs;
  const drawAll = (): void => {
    const now = performance.now();
    container.dataset.reducedMotion = String(reduced?.matches === true);
    // Reduced motion: a streaming run does not animate; it updates in steps.
    if (reduced?.matches === true && view.position === null && now - lastDraw < REDUCED_MOTION_EVERY_MS) {
      if (deferred === 0) deferred = window.setTimeout(() => ((deferred = 0), frames.request()), REDUCED_MOTION_EVERY_MS);
      return;
    }
    lastDraw = now;
    controls.draw();
    timeline.draw(now);
    inspector.draw();
    log.draw();
  };
  frames.add(drawAll);
  const unsubscribeStore = store.subscribe(() => {
    // A reset (new run) starts the views over: live, whole run, nothing selected.
    if (store.runs !== lastRun) {
      lastRun = store.runs;
      view.reset();
    }
    frames.request();
  });
  const unsubscribeView = view.subscribe(() => frames.request());
  drawAll();

  return {
    setRunState(state: { paused: boolean }): void {
      controls.setPaused(state.paused);
      frames.request();
    },
    unmount(): void {
      unsubscribeStore();
      unsubscribeView();
      frames.cancel();
      if (deferred !== 0) clearTimeout(deferred);
      timeline.dispose();
      container.remove();
    },
  };
}
