// "Predict the output": before running, the learner puts the example's
// printed lines in the order they expect, and the page checks the order
// against the lines the example promises. Keyboard-first: each line has
// Move up / Move down buttons.
import type { Example } from '../examples';

export class PredictPanel {
  readonly element: HTMLElement;
  private list: HTMLOListElement;
  private result: HTMLElement;
  private example: Example | null = null;
  private order: string[] = [];

  constructor(parent: HTMLElement) {
    this.element = document.createElement('section');
    this.element.className = 'predict';
    this.element.setAttribute('aria-label', 'Predict the output');
    const h = document.createElement('h3');
    h.textContent = 'Predict the output';
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = 'Before you run it: put the lines in the order you expect them to be printed, then check.';
    this.list = document.createElement('ol');
    this.list.className = 'predict-lines';
    const check = document.createElement('button');
    check.type = 'button';
    check.textContent = 'Check my prediction';
    check.addEventListener('click', () => this.check());
    this.result = document.createElement('p');
    this.result.className = 'predict-result';
    this.result.setAttribute('role', 'status');
    this.element.append(h, p, this.list, check, this.result);
    parent.append(this.element);
  }

  setExample(example: Example) {
    this.example = example;
    this.element.hidden = !example.predict;
    if (!example.predict) return;
    // A fixed shuffle (reverse, then rotate) so the starting order is never the answer.
    const lines = example.expected.map((l) => l.text).reverse();
    this.order = lines.length > 2 ? [...lines.slice(1), lines[0]] : lines;
    this.result.textContent = '';
    this.render();
  }

  /** The learner's current order (for tests and the check). */
  get prediction(): readonly string[] {
    return this.order;
  }

  private render(focusIndex?: number, focusDir?: 'up' | 'down') {
    this.list.replaceChildren();
    this.order.forEach((text, i) => {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = text;
      const up = button('Move up', `Move "${text}" up`, i === 0, () => this.move(i, -1));
      const down = button('Move down', `Move "${text}" down`, i === this.order.length - 1, () => this.move(i, 1));
      up.dataset.dir = 'up';
      down.dataset.dir = 'down';
      li.append(code, ' ', up, down);
      this.list.append(li);
    });
    if (focusIndex !== undefined) {
      const btn = this.list.children[focusIndex]?.querySelector<HTMLButtonElement>(`button[data-dir="${focusDir}"]`);
      (btn && !btn.disabled ? btn : this.list.children[focusIndex]?.querySelector<HTMLButtonElement>('button:not(:disabled)'))?.focus();
    }
  }

  private move(i: number, by: number) {
    const j = i + by;
    if (j < 0 || j >= this.order.length) return;
    [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    this.result.textContent = '';
    this.render(j, by < 0 ? 'up' : 'down');
  }

  check(): boolean {
    if (!this.example) return false;
    const want = this.example.expected.map((l) => l.text);
    const wrong = want.flatMap((t, i) => (this.order[i] === t ? [] : [i + 1]));
    this.result.dataset.correct = String(wrong.length === 0);
    this.result.textContent = wrong.length
      ? `Not quite: line${wrong.length > 1 ? 's' : ''} ${wrong.join(', ')} ${wrong.length > 1 ? 'are' : 'is'} out of place. Think about when each loop gets a turn, then run it to see.`
      : 'Correct: that is the order the loops print them. Run it to see when.';
    return wrong.length === 0;
  }
}

function button(text: string, label: string, disabled: boolean, onClick: () => void) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text === 'Move up' ? '↑' : '↓';
  b.title = text;
  b.setAttribute('aria-label', label);
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}
