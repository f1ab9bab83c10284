// The C++ loop at the shown point of the recording: the ready queue in
// order, the timer heap in deadline order, the item running, and every task
// drawn as a frame that stays visible (greyed) while suspended and lights up
// while it runs: the talk's "pause and resume". State comes only from the
// store's replay of the trace.
import type { LoopState, TaskRecord } from '../trace/loopState';
import type { TraceStore } from '../trace/store';
import { heapTimerText, itemName, ms, taskStateText } from './describe';
import { markHeld, syncList, type ItemView } from './domList';
import type { ViewState } from './viewState';

/**
 * Long lists show their front (the boxes show about ten lines at a time);
 * the count says how many more there are. Every shown line is DOM work on
 * each refresh, so a 10,000-task run must not put them all on the page.
 */
const SHOW_QUEUE = 40;
const SHOW_TIMERS = 40;
const SHOW_TASKS = 60;
/** While a run streams in, each list shows about what its box shows: every refresh rewrites them (see eventLog.ts). */
const SHOW_STREAMING = 15;
/** What a held inspector says (see `hold`). */
const HELD_NOTE = 'Taking in a fast stream: these lists catch up when the run slows down, ends or is paused.';

export class Inspector {
  readonly el: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly running: HTMLElement;
  private readonly queue: HTMLOListElement;
  private readonly queueMore: HTMLElement;
  private readonly heap: HTMLOListElement;
  private readonly heapMore: HTMLElement;
  private readonly tasks: HTMLUListElement;
  private readonly tasksMore: HTMLElement;
  private readonly heldNote: HTMLElement;
  private held = false;

  constructor(
    private readonly store: TraceStore,
    private readonly view: ViewState,
  ) {
    const el = document.createElement('section');
    el.className = 'll-inspector';
    el.setAttribute('aria-label', 'Loop inspector');
    this.el = el;
    const title = document.createElement('h2');
    title.textContent = 'C++ loop inspector';
    this.heading = document.createElement('p');
    this.heading.className = 'll-at';
    this.running = document.createElement('p');
    this.running.className = 'll-running';
    this.heldNote = document.createElement('p');
    this.heldNote.className = 'll-held-note';
    this.heldNote.textContent = HELD_NOTE;
    this.heldNote.hidden = true;

    const [queueBox, queue, queueMore] = listBox('Ready queue', 'ol', 'front first: the next resume takes the top one');
    const [heapBox, heap, heapMore] = listBox('Timer heap', 'ol', 'soonest deadline first');
    const [tasksBox, tasks, tasksMore] = listBox('Tasks', 'ul', 'each a suspended frame: grey while waiting, lit while running');
    this.queue = queue as HTMLOListElement;
    this.heap = heap as HTMLOListElement;
    this.tasks = tasks as HTMLUListElement;
    this.queueMore = queueMore;
    this.heapMore = heapMore;
    this.tasksMore = tasksMore;
    this.tasks.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[data-task]');
      if (li !== null) view.select(Number(li.dataset.task));
    });
    el.append(title, this.heading, this.running, this.heldNote, queueBox, heapBox, tasksBox);
  }

  /**
   * Leaves the running item and the lists as last drawn, greyed, and says
   * why: for a run that streams in faster than anyone can read
   * (views/index.ts). Only the heading follows the run (one line of text).
   */
  hold(): void {
    this.showHeading(this.store.stateAt(this.view.at));
    if (this.held) return;
    this.held = true;
    markHeld(this.el, true);
    this.heldNote.hidden = false;
  }

  /** With `streaming`, shorter lists (SHOW_STREAMING each). */
  draw(streaming = false): void {
    const { store, view } = this;
    if (this.held) {
      this.held = false;
      markHeld(this.el, false);
      this.heldNote.hidden = true;
    }
    const at = view.at;
    const [showQueue, showTimers, showTasks] = streaming ? [SHOW_STREAMING, SHOW_STREAMING, SHOW_STREAMING] : [SHOW_QUEUE, SHOW_TIMERS, SHOW_TASKS];
    const state = store.stateAt(at);
    const toMs = (s: number): number => store.loopToMs(s, at);
    this.showHeading(state);
    this.el.dataset.at = String(at);
    this.el.dataset.tick = String(state.tick);
    this.el.dataset.running = String(state.running);
    setText(this.running, state.running !== 0 ? `Running: ${itemName(store, state.running)}` : 'Running: nothing');

    const queue = state.readyQueue(showQueue);
    syncList(
      this.queue,
      queue.map((id) => ({ key: String(id), text: itemName(store, id), attrs: { 'data-task': String(id), 'data-name': store.names.get(id) ?? '' } })),
    );
    this.queue.dataset.length = String(state.readyLength);
    setText(this.queueMore, more(state.readyLength, queue.length, 'empty: nothing is ready'));

    const timers = state.timerHeap(showTimers);
    syncList(
      this.heap,
      timers.map((t) => ({
        key: String(t.id),
        text: heapTimerText(store, t, toMs),
        attrs: { 'data-timer': String(t.id), 'data-owner': String(t.owner), 'data-deadline-ms': toMs(t.deadline).toFixed(3) },
      })),
    );
    this.heap.dataset.length = String(state.timers.size);
    setText(this.heapMore, more(state.timers.size, timers.length, 'empty: no timer pending'));

    // The selected task is always shown, even past the cap.
    const shown: [number, TaskRecord][] = [];
    const selected = view.selectedTask;
    const sel = state.tasks.get(selected);
    if (sel !== undefined) shown.push([selected, sel]);
    for (const entry of state.tasks) {
      if (shown.length >= showTasks) break;
      if (entry[0] !== selected) shown.push(entry);
    }
    const items: ItemView[] = shown.map(([id, rec]) => ({
      key: String(id),
      text: `${store.nameOf(id)}: ${taskStateText(store, rec, toMs)}`,
      className: `ll-frame ll-${rec.state}${id === selected ? ' ll-selected' : ''}`,
      attrs: {
        'data-task': String(id),
        'data-name': store.names.get(id) ?? '',
        'data-state': rec.state,
        'aria-current': id === selected ? 'true' : 'false',
      },
    }));
    syncList(this.tasks, items, 'li', (li) => (li.tabIndex = 0));
    this.tasks.dataset.length = String(state.tasks.size);
    setText(this.tasksMore, more(state.tasks.size, shown.length, 'no task spawned (callbacks are drawn in the timeline)'));
  }

  /** Which tick, time and event the inspector is at (`state` is the loop's state there). */
  private showHeading(state: Readonly<LoopState>): void {
    const { store, view } = this;
    const clock = store.clock === 'virtual' ? ' (virtual clock)' : '';
    setText(this.heading, `Tick ${state.tick}, at ${ms(view.atMs)}${clock}; event ${view.at} of ${store.endIndex}${view.position === null ? ' (live)' : ''}`);
  }
}

function listBox(name: string, tag: 'ol' | 'ul', hint: string): [HTMLElement, HTMLElement, HTMLElement] {
  const box = document.createElement('div');
  box.className = 'll-box';
  const h = document.createElement('h3');
  h.textContent = name;
  const small = document.createElement('small');
  small.textContent = ` (${hint})`;
  h.append(small);
  const list = document.createElement(tag);
  list.setAttribute('aria-label', name);
  const moreEl = document.createElement('p');
  moreEl.className = 'll-more';
  box.append(h, list, moreEl);
  return [box, list, moreEl];
}

function more(total: number, shown: number, empty: string): string {
  if (total === 0) return empty;
  return total > shown ? `and ${total - shown} more` : '';
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
