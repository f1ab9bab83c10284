// The output view: one element per printed line, tagged with the loop that
// printed it (data-loop="cpp"|"js") and the ms since the run began (data-ms),
// in a role="log" region named "Output"; errors and notes from the page sit in
// the same region, visually distinct and without data-loop.
export const LOOP_NAMES = { cpp: 'C++ loop', js: 'JS loop' } as const;

/** Lines kept on screen: a snippet printing in a tight loop must not freeze the page. */
export const MAX_LINES = 2000;
/** A printed line this long after the last flush is shown at once, not at the next frame. */
const QUIET_MS = 100;

export class OutputView {
  readonly element: HTMLElement;
  // Lines wait here and are added once per frame, so a flood of prints costs
  // one DOM update per frame instead of one per line; a printed line becomes
  // elements only then, and only if it is among the last MAX_LINES.
  private pending: (PrintedLine | HTMLElement)[] = [];
  private frame = 0;
  private hiddenCount = 0;
  private hiddenNote: HTMLElement | null = null;
  private lastFlush = -Infinity;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'output';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Output');
    this.element.tabIndex = 0;
    parent.append(this.element);
  }

  clear() {
    this.pending = [];
    this.hiddenCount = 0;
    this.hiddenNote = null;
    this.element.replaceChildren();
  }

  print(line: PrintedLine) {
    this.pending.push(line);
    // A line after a quiet spell shows at once (an embed's first line should
    // not wait for the next frame); lines that follow it wait for one flush a frame.
    if (!this.frame && performance.now() - this.lastFlush > QUIET_MS) {
      this.flush();
      return;
    }
    this.frame ||= requestAnimationFrame(() => this.flush());
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
    // Notes show at once (and after the lines printed before them).
    this.pending.push(row);
    this.flush();
  }

  /** Adds the waiting rows now (the page calls it before it reports the end of a run). */
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.pending.length) return;
    this.lastFlush = performance.now();
    // Read before the lines go in, while the layout is still clean (reading it after would force one more).
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    let waiting = this.pending;
    this.pending = [];
    if (waiting.length > MAX_LINES) {
      this.hiddenCount += waiting.length - MAX_LINES;
      waiting = waiting.slice(-MAX_LINES);
    }
    this.element.append(...waiting.map((w) => (w instanceof HTMLElement ? w : lineRow(w))));
    let excess = this.element.childElementCount - MAX_LINES - (this.hiddenNote ? 1 : 0);
    while (excess-- > 0) {
      const first = this.hiddenNote ? this.hiddenNote.nextElementSibling : this.element.firstElementChild;
      first?.remove();
      this.hiddenCount++;
    }
    if (this.hiddenCount) {
      if (!this.hiddenNote) {
        this.hiddenNote = document.createElement('div');
        this.hiddenNote.className = 'note note-info';
        this.element.prepend(this.hiddenNote);
      }
      this.hiddenNote.textContent = `${this.hiddenCount} earlier lines are not shown (the output keeps the last ${MAX_LINES}).`;
    }
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
  }
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
