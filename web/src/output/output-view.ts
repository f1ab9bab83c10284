// The output view: one element per printed line, tagged with the loop that
// printed it (data-loop="cpp"|"js") and the ms since the run began (data-ms),
// in a role="log" region named "Output"; errors and notes from the page sit in
// the same region, visually distinct and without data-loop.
export const LOOP_NAMES = { cpp: 'C++ loop', js: 'JS loop' } as const;

/** Lines kept on screen: a snippet printing in a tight loop must not freeze the page. */
export const MAX_LINES = 2000;
/**
 * While lines flood in (more than this many wait at a flush), the output shows
 * only its last LIVE_LINES, and all of its last MAX_LINES once the flood stops
 * (QUIET_MS without a line) or the run ends. Building 2,000 rows a frame kept
 * the page's main thread busy for seconds, in tasks of 80-250 ms, after a
 * snippet printing 100,000 lines had finished; nobody reads a flood, and the
 * tail still shows that it goes on.
 */
const LIVE_LINES = 50;
/** A printed line this long after the last flush is shown at once, not at the next frame. */
const QUIET_MS = 100;
/**
 * While flushes are slow, the next waits this many times as long as the last
 * one took; small outputs still show every frame (their flushes take well
 * under a ms).
 */
const FLUSH_SPACING = 5;
/**
 * A whole redraw builds its newest rows at once and the older ones this many a
 * frame above them, the log marked aria-busy meanwhile: all 2,000 rows at
 * once took one task of 100-350 ms at the end of a flood.
 */
const FILL_PER_FRAME = 100;

type Entry = PrintedLine | HTMLElement;

export class OutputView {
  readonly element: HTMLElement;
  // Lines wait here and are added once per frame, so a flood of prints costs
  // one DOM update per frame instead of one per line; a printed line becomes
  // elements only then, and only if it is shown.
  private pending: Entry[] = [];
  /** The last MAX_LINES entries (lines and notes), shown or not: what a full redraw shows. */
  private recent: Entry[] = [];
  /** Entries printed and noted in all, and of them, those before the first row on screen. */
  private total = 0;
  private hiddenCount = 0;
  private hiddenNote: HTMLElement | null = null;
  /** The screen shows only the live tail of a flood; `recent` has more. */
  private tailOnly = false;
  /** Entries of a whole redraw still to be drawn above the rows on screen, oldest first (see FILL_PER_FRAME). */
  private older: Entry[] = [];
  private fillFrame = 0;
  private frame = 0;
  private timer = 0;
  private nextFlushAt = -Infinity;
  private lastFlush = -Infinity;
  private lastPrint = -Infinity;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'output';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Output');
    this.element.tabIndex = 0;
    parent.append(this.element);
  }

  clear() {
    this.cancel();
    this.nextFlushAt = -Infinity;
    this.pending = [];
    this.recent = [];
    this.total = 0;
    this.hiddenCount = 0;
    this.hiddenNote = null;
    this.tailOnly = false;
    this.stopFilling();
    this.element.replaceChildren();
  }

  print(line: PrintedLine) {
    this.pending.push(line);
    const now = performance.now();
    this.lastPrint = now;
    if (this.frame || this.timer) return;
    // A line after a quiet spell shows at once (an embed's first line should
    // not wait for the next frame); lines that follow it wait for the next
    // flush: at the next frame, or later while flushes are slow (FLUSH_SPACING).
    if (now - this.lastFlush > QUIET_MS && !this.tailOnly) {
      this.flush();
      return;
    }
    this.schedule(Math.max(0, this.nextFlushAt - now));
  }

  /** A message from the page (an error, a note about the run): not a printed line. */
  note(kind: 'error' | 'info' | 'warning', text: string, detail?: string) {
    const row = document.createElement('div');
    row.className = `note note-${kind}`;
    row.dataset.note = kind;
    row.append(span('text', text));
    if (detail) {
      const pre = document.createElement('pre');
      pre.className = 'detail';
      pre.textContent = detail;
      row.append(pre);
    }
    // Notes show at once (and after the lines printed before them); during a
    // flood, at the end of its tail.
    this.pending.push(row);
    this.draw(!this.flooding());
  }

  /** Shows everything now: all of the last MAX_LINES (the page calls it before it reports the end of a run). */
  flush() {
    this.draw(true);
  }

  private schedule(ms: number) {
    const atFrame = () => {
      this.timer = 0;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        // A flood that has stopped is shown whole; one that goes on, by its tail.
        this.draw(!this.flooding());
      });
    };
    if (ms <= 0) atFrame();
    else this.timer = window.setTimeout(atFrame, ms);
  }

  /** Lines are still coming (the last within QUIET_MS): a flood among them is shown by its tail. */
  private flooding(): boolean {
    return performance.now() - this.lastPrint <= QUIET_MS;
  }

  private cancel() {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = 0;
  }

  private draw(whole: boolean) {
    this.cancel();
    if (!this.pending.length && !(whole && this.tailOnly)) return;
    const start = performance.now();
    this.lastFlush = start;
    // Read before the lines go in, while the layout is still clean (reading it after would force one more).
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    const added = this.pending;
    this.pending = [];
    this.total += added.length;
    // Only the last MAX_LINES can show (and a spread of 100,000 arguments would throw).
    this.recent.push(...(added.length > MAX_LINES ? added.slice(-MAX_LINES) : added));
    if (this.recent.length > 2 * MAX_LINES) this.recent = this.recent.slice(-MAX_LINES);
    if (!this.tailOnly && added.length <= LIVE_LINES) {
      this.append(added);
    } else {
      // Redrawn from `recent`: its last MAX_LINES, or while the flood goes on, its last LIVE_LINES.
      const shown = this.recent.slice(-(whole ? MAX_LINES : LIVE_LINES));
      this.tailOnly = !whole;
      this.hiddenCount = this.total - shown.length;
      this.hiddenNote = null;
      this.stopFilling();
      this.older = shown.slice(0, -FILL_PER_FRAME);
      this.element.replaceChildren(...shown.slice(-FILL_PER_FRAME).map(row));
    }
    this.showHidden();
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    this.nextFlushAt = start + FLUSH_SPACING * (performance.now() - start);
    // The whole output shows once the flood stops, even if no line comes after it.
    if (this.tailOnly && !this.frame && !this.timer) this.schedule(QUIET_MS);
    if (this.older.length && !this.fillFrame) {
      this.element.setAttribute('aria-busy', 'true');
      this.fillFrame = requestAnimationFrame(this.fillOlder);
    }
  }

  /** Draws the next FILL_PER_FRAME of the older rows of a whole redraw, above those on screen. */
  private readonly fillOlder = () => {
    this.fillFrame = 0;
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    const rows = this.older.splice(-FILL_PER_FRAME).map(row);
    if (this.hiddenNote) this.hiddenNote.after(...rows);
    else this.element.prepend(...rows);
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    if (this.older.length) this.fillFrame = requestAnimationFrame(this.fillOlder);
    else this.element.removeAttribute('aria-busy');
  };

  private stopFilling() {
    if (this.fillFrame) cancelAnimationFrame(this.fillFrame);
    this.fillFrame = 0;
    this.older = [];
    this.element.removeAttribute('aria-busy');
  }

  /** Adds rows at the end and drops the oldest past MAX_LINES (first those not yet drawn). */
  private append(added: Entry[]) {
    this.element.append(...added.map(row));
    let excess = this.element.childElementCount + this.older.length - MAX_LINES - (this.hiddenNote ? 1 : 0);
    const notDrawn = Math.min(Math.max(0, excess), this.older.length);
    this.older.splice(0, notDrawn);
    this.hiddenCount += notDrawn;
    excess -= notDrawn;
    while (excess-- > 0) {
      const first = this.hiddenNote ? this.hiddenNote.nextElementSibling : this.element.firstElementChild;
      first?.remove();
      this.hiddenCount++;
    }
  }

  private showHidden() {
    if (!this.hiddenCount) return;
    if (!this.hiddenNote) {
      this.hiddenNote = document.createElement('div');
      this.hiddenNote.className = 'note note-info';
      this.element.prepend(this.hiddenNote);
    }
    this.hiddenNote.textContent = this.tailOnly
      ? `${this.hiddenCount} earlier lines are not shown while lines pour in (the output shows its last ${MAX_LINES} when they stop).`
      : `${this.hiddenCount} earlier lines are not shown (the output keeps the last ${MAX_LINES}).`;
  }
}

function row(entry: Entry): HTMLElement {
  return entry instanceof HTMLElement ? entry : lineRow(entry);
}

interface PrintedLine {
  loop: 'cpp' | 'js';
  ms: number;
  text: string;
}

function lineRow(line: PrintedLine): HTMLElement {
  const row = document.createElement('div');
  row.className = `line loop-${line.loop}`;
  row.dataset.loop = line.loop;
  row.dataset.ms = String(Math.round(line.ms));
  row.append(span('ms', `${Math.round(line.ms)} ms`), span('loop', LOOP_NAMES[line.loop]), span('text', line.text));
  return row;
}

function span(cls: string, text: string) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}
