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
  /**
   * The run ended (done, failed or stopped) and all of its trace is in the
   * store: the views show the whole of it over the next few frames (a part a
   * frame), without waiting for the run to go quiet, then say so with
   * data-run="ended" on .ll-views (a new run sets it back to "live").
   */
  runEnded(): void;
  /** Removes the views and stops listening to the store. */
  unmount(): void;
}

/** While a run streams in, the views' DOM is refreshed at most this often (ms). */
const DETAIL_EVERY_MS = 250;
/** A refresh is spread over frames only when the trace grew by this many events since the last one. */
const SPREAD_FROM = 2000;
/** A run whose trace has not grown for this long (ms) is no longer streaming: its DOM is refreshed whole. */
const QUIET_MS = 100;
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
  let lastRun = store.runs;
  let lastDraw = 0;
  let lastDetail = -Infinity;
  let seenRevision = -1;
  let forceDetail = false;
  let deferred = 0;
  // The DOM parts after the timeline's own, in the order a spread refresh draws them.
  // While a run streams in, the inspector's and the log's lists are short (compact); whole otherwise.
  let compact = false;
  // While a run streams in fast, the inspector's and the log's lists hold
  // still (greyed, saying why) until it slows down, ends, goes quiet or is
  // paused: thousands of events between refreshes are a blur nobody reads,
  // and rewriting the lists (style, layout and paint of the side boxes) put
  // the page's first 10,000-task run behind frames. Four A/B batches of 8-10
  // fresh browsers, frames over 25 ms in first runs: 23-59 a batch when they
  // followed, 12-34 when they held (bench/page/page-tasks.mjs's snippet).
  let holdLists = false;
  // And the timeline's canvas is redrawn every other frame, never left out
  // in two frames in a row: it is at most a frame behind, and the page's
  // own frames stay at 60 a second. Without a GPU each redraw of the canvas
  // is a raster and a commit the frame waits on. Frames over 25 ms in the
  // bench's first runs, A/B in four batches of 8-10 fresh browsers: 94 in 38
  // runs with a redraw every frame, 59 in the same batches every other frame
  // (this rule, or a first version that left out refresh frames too).
  let canvasSkipped = false;
  const parts = [
    (): void => controls.draw(),
    (): void => (holdLists ? inspector.hold() : inspector.draw(compact)),
    (): void => (holdLists ? log.hold() : log.draw(compact)),
  ];
  let part = -1; // the part a spread refresh draws next (0: the timeline's), or -1 between refreshes
  let partsRevision = 0; // the store revision that refresh began at
  const eventCount = (): number => store.endIndex + store.jsEventCount;
  let eventsAtDetail = 0; // eventCount() at the last refresh
  let lastChangeAt = -Infinity; // when the store last changed (ms, performance.now)
  let paused = false; // the sandbox's word: a paused run's steps show at once
  // The run's end: 'live' while it can still add to the store; then its whole
  // refresh is 'due', then drawn a part a frame ('spreading'), then 'shown'.
  let end: 'live' | 'due' | 'spreading' | 'shown' = 'live';
  container.dataset.run = 'live';
  /** Draws again in `ms`: all of the DOM at once with `force`, else as the frame finds it. */
  const later = (ms: number, force: boolean): void => {
    if (deferred !== 0) return;
    deferred = window.setTimeout(() => {
      deferred = 0;
      if (force) forceDetail = true;
      frames.request();
    }, ms);
  };
  /** Starts a refresh spread over frames, a part a frame, of the store as it is `now`; `hold`: of a fast stream (the lists hold). */
  const beginSpread = (now: number, hold: boolean): void => {
    holdLists = hold;
    part = 0;
    eventsAtDetail = eventCount();
    partsRevision = store.revision;
    lastDetail = now;
  };
  const drawAll = (): void => {
    const now = performance.now();
    const reduce = reduced?.matches === true;
    if (container.dataset.reducedMotion !== String(reduce)) container.dataset.reducedMotion = String(reduce);
    // Reduced motion: a streaming run does not animate; it updates in steps.
    if (reduce && view.position === null && now - lastDraw < REDUCED_MOTION_EVERY_MS) {
      later(REDUCED_MOTION_EVERY_MS, true);
      return;
    }
    lastDraw = now;
    // The canvas follows every frame (every other one in a fast stream). The
    // DOM (controls' texts and scrubber, focusable overlay, inspector, log)
    // follows a streaming run a few times a second, and every learner action
    // at once: each DOM write costs a style and layout pass of the whole page
    // (Monaco included), and nobody reads text that changes 60 times a
    // second. While a run streams in fast (more than SPREAD_FROM events since
    // the last refresh), one refresh is spread over four frames, a part a
    // frame, so no frame pays for all of the DOM's layout (the bench's slowest
    // frames did), and the inspector's and the log's lists hold (holdLists);
    // otherwise the parts are drawn together, so they always agree (the
    // scrubber's end and the inspector's event, say, in a run that only ticks
    // now and then).
    if (store.revision !== seenRevision) {
      seenRevision = store.revision;
      lastChangeAt = now;
    }
    const streaming = view.position === null && !paused && end === 'live' && now - lastChangeAt < QUIET_MS;
    compact = streaming;
    // A run's end: its whole refresh (the lists at full length, the cold
    // code of a first run) took 20-30 ms in one frame, so it is spread a part
    // a frame too. The store no longer changes, so the parts agree once it is
    // done, and data-run says "ended" then. A learner's action draws it all at once.
    // (Before `due`: a refresh of the stream that falls due in the same frame
    // must not begin again over the end's, holding its lists.)
    if (end === 'due' && !forceDetail) {
      end = 'spreading';
      beginSpread(now, false);
    }
    const due = part < 0 && now - lastDetail >= DETAIL_EVERY_MS;
    const grown = eventCount() - eventsAtDetail;
    if (forceDetail || (!streaming && end !== 'spreading') || (due && grown < SPREAD_FROM)) {
      forceDetail = false;
      if (end !== 'live') end = 'shown';
      part = -1;
      holdLists = false;
      lastDetail = now;
      eventsAtDetail = eventCount();
      canvasSkipped = false;
      timeline.draw(true);
      for (const draw of parts) draw();
      container.dataset.revision = String(store.revision);
      if (end === 'shown' && container.dataset.run !== 'ended') container.dataset.run = 'ended';
      return;
    }
    // Here the run streams in fast: the refresh holds the lists, and the
    // canvas is drawn every other frame, but in every frame of a refresh.
    if (due) beginSpread(now, streaming);
    if (part >= 0 || canvasSkipped) {
      canvasSkipped = false;
      timeline.draw(part === 0);
    } else {
      canvasSkipped = true;
      frames.request();
    }
    if (part > 0) parts[part - 1]?.();
    if (part >= 0) part++;
    if (part > parts.length) {
      part = -1;
      container.dataset.revision = String(partsRevision);
      if (end === 'spreading') {
        end = 'shown';
        container.dataset.run = 'ended';
      }
    }
    // A refresh under way goes on next frame; between refreshes, the next one
    // (or, once the run has gone quiet, the full one) is due in a while.
    if (part >= 0) frames.request();
    else later(Math.max(0, DETAIL_EVERY_MS - (now - lastDetail)), false);
  };
  frames.add(drawAll);
  const unsubscribeStore = store.subscribe(() => {
    // A reset (new run) starts the views over: live, whole run, nothing selected.
    if (store.runs !== lastRun) {
      lastRun = store.runs;
      view.reset();
      end = 'live';
      container.dataset.run = 'live';
    }
    frames.request();
  });
  // A learner's action (Pause, Step, scrub, zoom, select) shows at once, even while a run streams in.
  const unsubscribeView = view.subscribe(() => {
    forceDetail = true;
    frames.request();
  });
  drawAll();

  return {
    setRunState(state: { paused: boolean }): void {
      controls.setPaused(state.paused);
      paused = state.paused;
      forceDetail = true;
      frames.request();
    },
    runEnded(): void {
      end = 'due';
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
