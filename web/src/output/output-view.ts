// The output view: one element per printed line, tagged with the loop that
// printed it (data-loop="cpp"|"js") and the ms since the run began (data-ms),
// in a role="log" region named "Output"; errors and notes from the page sit in
// the same region, visually distinct and without data-loop.
export const LOOP_NAMES = { cpp: 'C++ loop', js: 'JS loop' } as const;

export class OutputView {
  readonly element: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'output';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Output');
    this.element.tabIndex = 0;
    parent.append(this.element);
  }

  clear() {
    this.element.replaceChildren();
  }

  print(line: { loop: 'cpp' | 'js'; ms: number; text: string }) {
    const row = document.createElement('div');
    row.className = `line loop-${line.loop}`;
    row.dataset.loop = line.loop;
    row.dataset.ms = String(Math.round(line.ms));
    row.append(
      span('ms', `${Math.round(line.ms)} ms`),
      span('loop', LOOP_NAMES[line.loop]),
      span('text', line.text),
    );
    this.append(row);
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
    this.append(row);
  }

  private append(row: HTMLElement) {
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    this.element.append(row);
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
  }
}

function span(cls: string, text: string) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}
