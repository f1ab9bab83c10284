// The event log: everything the timeline draws, as text a screen reader can
// read, up to the shown point of the recording. Only the newest entries are
// in the DOM (a run can log hundreds of thousands); the header says how many
// there are and what the bounded recording dropped.
import type { TraceStore } from '../trace/store';
import type { LogEntry } from '../trace/traceIndex';
import { count, logText, plural } from './describe';
import { markHeld, syncList, type ItemView } from './domList';
import type { ViewState } from './viewState';

/** Lines in the DOM: the newest (or those up to the scrubbed point). */
const SHOW = 120;
/**
 * Lines in the DOM while a run streams in: about what the box shows. Each
 * refresh then replaces all of them, and 120 new lines cost a frame's layout
 * a few ms; the rest come back once the run ends or goes quiet.
 */
const SHOW_STREAMING = 20;

export class EventLog {
  readonly el: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLOListElement;
  private held = false;

  constructor(
    private readonly store: TraceStore,
    private readonly view: ViewState,
  ) {
    const el = document.createElement('section');
    el.className = 'll-log';
    el.setAttribute('role', 'log');
    el.setAttribute('aria-label', 'Event log');
    el.setAttribute('aria-relevant', 'additions');
    this.el = el;
    const title = document.createElement('h2');
    title.textContent = 'Event log';
    this.summary = document.createElement('p');
    this.summary.className = 'll-log-summary';
    this.list = document.createElement('ol');
    this.list.className = 'll-log-lines';
    el.append(title, this.summary, this.list);
  }

  /**
   * Leaves the lines as last drawn, greyed, busy, and says why: for a run
   * that streams in faster than anyone can read (views/index.ts). Only the
   * count of entries follows the run (one line of text).
   */
  hold(): void {
    const text = `${plural(this.store.index.log.length, 'entry', 'entries')} so far. Taking in a fast stream: the lines catch up when the run slows down, ends or is paused.`;
    if (this.summary.textContent !== text) this.summary.textContent = text;
    if (this.held) return;
    this.held = true;
    markHeld(this.el, true);
  }

  /** With `streaming`, only the newest few lines (SHOW_STREAMING). */
  draw(streaming = false): void {
    const { store, view } = this;
    if (this.held) {
      this.held = false;
      markHeld(this.el, false); // aria-busy comes back below while it still streams
    }
    const log = store.index.log;
    const show = streaming ? SHOW_STREAMING : SHOW;
    const at = view.at;
    const live = view.position === null;
    // Entries up to the shown point, newest last. Live, that is simply the
    // tail; scrubbed, scan back from the end (the log is in arrival order).
    // Each entry is keyed by its number in the run, so the DOM only gains and
    // loses lines at the ends as the log grows.
    const picked: [number, LogEntry][] = [];
    let total = log.length;
    if (live) {
      for (let i = Math.max(0, log.length - show); i < log.length; i++) {
        const e = log.at(i);
        if (e !== undefined) picked.push([i, e]);
      }
    } else {
      total = 0;
      for (let i = log.length - 1; i >= 0; i--) {
        if (log.indexAt(i) >= at) continue;
        total++;
        const e = log.at(i);
        if (picked.length < show && e !== undefined) picked.push([i, e]);
        else if (picked.length >= show) break;
      }
      picked.reverse();
    }
    const toMs = (s: number): number => store.loopToMs(s, at);
    const base = store.index.logDropped;
    const items: ItemView[] = picked.map(([i, e]) => ({
      key: String(base + i),
      text: logText(store, e, toMs),
      attrs: attrsOf(e),
      className: `ll-log-${e.type}`,
    }));
    syncList(this.list, items);
    // A log that changes a few times a second while a run streams in is not
    // read out line by line (a screen reader would be a torrent behind): it
    // is busy until the run ends, goes quiet or pauses, as the output is in a flood.
    if (streaming) this.el.setAttribute('aria-busy', 'true');
    else this.el.removeAttribute('aria-busy');
    const parts: string[] = [];
    parts.push(live ? plural(log.length, 'entry', 'entries') : `entries up to event ${at}`);
    if (total > picked.length || (!live && picked.length === show)) parts.push(`showing the newest ${picked.length}`);
    if (store.droppedByStore > 0) {
      parts.push(`the recording keeps the last ${count(store.capacity)} C++ events: ${count(store.droppedByStore)} older ones were dropped`);
    }
    if (store.droppedByRecorder > 0) parts.push(`the runtime dropped ${count(store.droppedByRecorder)} events before sending them`);
    if (store.jsUnrecorded > 0) {
      parts.push(`${count(store.jsUnrecorded)} JS callbacks ran unrecorded (at most 5,000 are recorded per turn of the JS loop)`);
    }
    for (const p of store.problems.slice(0, 3)) parts.push(p);
    const text = `${parts.join('; ')}.`;
    if (this.summary.textContent !== text) this.summary.textContent = text;
    this.el.dataset.entries = String(log.length);
    this.el.dataset.dropped = String(store.droppedByStore + store.droppedByRecorder);
    this.el.dataset.jsUnrecorded = String(store.jsUnrecorded);
  }
}

function attrsOf(e: LogEntry): Record<string, string> {
  const a: Record<string, string> = { 'data-type': e.type, 'data-ms': e.ms.toFixed(3), 'data-index': String(e.index) };
  switch (e.type) {
    case 'spawn':
    case 'final':
      a['data-task'] = String(e.id);
      break;
    case 'run':
      a['data-task'] = String(e.id);
      if (!Number.isNaN(e.endMs)) a['data-duration-ms'] = (e.endMs - e.startMs).toFixed(3);
      break;
    case 'wait':
      a['data-task'] = String(e.id);
      break;
    case 'timer':
      a['data-timer'] = String(e.timer.id);
      a['data-lane'] = 'cpp';
      if (Number.isFinite(e.timer.latenessMs)) a['data-lateness-ms'] = e.timer.latenessMs.toFixed(3);
      break;
    case 'js':
      a['data-js'] = String(e.item.id);
      a['data-api'] = e.item.api;
      a['data-lane'] = 'js';
      if (Number.isFinite(e.item.latenessMs)) a['data-lateness-ms'] = e.item.latenessMs.toFixed(3);
      break;
    case 'blocked':
      a['data-duration-ms'] = (e.block.endMs - e.block.startMs).toFixed(3);
      break;
  }
  return a;
}
