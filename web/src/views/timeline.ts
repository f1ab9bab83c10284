// The timeline region: a canvas with both loops on one ms axis, zoom and pan,
// and an overlay of focusable elements, one per drawn bar, timer, tick and
// block in view, so keyboard users can move through them (arrow keys,
// roving focus), hovering or focusing shows details, and tests read the
// drawn state from the DOM. Clicking a C++ bar opens its task in the inspector.
import type { TraceStore } from '../trace/store';
import type { LatenessStats } from '../trace/traceIndex';
import { ms } from './describe';
import { readPalette, type Palette } from './palette';
import { drawTimeline, type Target } from './timelineDraw';
import { LABEL_W, layout, MAX_CPP_ROWS, MAX_LAYOUT_HEIGHT, Scale } from './timelineLayout';
import type { ViewState } from './viewState';

/** Focusable overlay elements at most; past that, the region says to zoom in. */
const MAX_TARGETS = 400;

export class Timeline {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  /** The canvas's frame: as tall as the layout in use (it clips the canvas). */
  private readonly stage: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly note: HTMLElement;
  private readonly lateness: HTMLElement;
  private readonly rowsUp: HTMLButtonElement;
  private readonly rowsDown: HTMLButtonElement;
  private readonly targetsByKey = new Map<string, HTMLElement>();
  private targets: Target[] = [];
  private focusKey = '';
  private rowOffset = 0;
  private width = 800;
  private resize: ResizeObserver | null = null;
  private themeWatch: MutationObserver | null = null;
  private colors: Palette | null = null;
  private drag: { x: number; start: number; end: number } | null = null;

  constructor(
    private readonly store: TraceStore,
    private readonly view: ViewState,
    private readonly redraw: () => void,
  ) {
    const el = document.createElement('section');
    el.className = 'll-timeline';
    el.setAttribute('aria-label', 'Timeline');
    this.el = el;
    const bar = document.createElement('div');
    bar.className = 'll-timeline-tools';
    const title = document.createElement('h2');
    title.textContent = 'Timeline';
    bar.append(
      title,
      tool('Zoom in', () => this.zoom(0.5)),
      tool('Zoom out', () => this.zoom(2)),
      tool('Pan left', () => this.pan(-0.25)),
      tool('Pan right', () => this.pan(0.25)),
      tool('Fit whole run', () => view.fit()),
    );
    // Many tasks: the C++ lane shows a window of rows; these move it (so does the wheel over the lane).
    this.rowsUp = tool('Earlier tasks', () => this.scrollRows(-MAX_CPP_ROWS));
    this.rowsDown = tool('Later tasks', () => this.scrollRows(MAX_CPP_ROWS));
    this.rowsUp.hidden = true;
    this.rowsDown.hidden = true;
    bar.append(this.rowsUp, this.rowsDown);
    this.note = document.createElement('p');
    this.note.className = 'll-timeline-note';
    // The central comparison, in words: C++ timers wait for a frame's tick, JS timers do not.
    this.lateness = document.createElement('p');
    this.lateness.className = 'll-lateness';
    const stage = (this.stage = document.createElement('div'));
    stage.className = 'll-stage';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.overlay = document.createElement('div');
    this.overlay.className = 'll-overlay';
    this.overlay.setAttribute('role', 'group');
    this.overlay.setAttribute('aria-label', 'Timeline items: arrow keys move, Enter opens a C++ task');
    this.tip = document.createElement('div');
    this.tip.className = 'll-tip';
    this.tip.setAttribute('role', 'tooltip');
    this.tip.id = `ll-tip-${Math.random().toString(36).slice(2)}`;
    this.tip.hidden = true;
    stage.append(this.canvas, this.overlay, this.tip);
    el.append(bar, this.lateness, stage, this.note);

    stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.canvas.addEventListener('pointerup', () => (this.drag = null));
    this.canvas.addEventListener('pointercancel', () => (this.drag = null));
    this.overlay.addEventListener('keydown', (e) => this.onKey(e));
    this.overlay.addEventListener('click', (e) => this.open(e.target));
    this.overlay.addEventListener('focusin', (e) => this.showTip(e.target));
    this.overlay.addEventListener('pointerover', (e) => this.showTip(e.target));
    this.overlay.addEventListener('focusout', () => (this.tip.hidden = true));
    this.overlay.addEventListener('pointerleave', () => (this.tip.hidden = true));
    // The page's theme switch sets html[data-theme]: re-read the canvas colours.
    this.themeWatch = new MutationObserver(() => {
      this.colors = null;
      redraw();
    });
    this.themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => {
        this.width = Math.max(320, Math.floor(stage.clientWidth));
        redraw();
      });
      this.resize.observe(stage);
    }
  }

  dispose(): void {
    this.resize?.disconnect();
    this.themeWatch?.disconnect();
  }

  /** The span shown: the whole run when following, else the learner's zoom. */
  span(): [number, number] {
    const v = this.view;
    if (!v.follow) return [v.viewStartMs, v.viewEndMs];
    const end = Math.max(100, this.store.index.endMs);
    return [0, end * 1.06]; // room on the right for the last lateness labels
  }

  /** Paints the canvas; with `detail`, also refreshes the focusable overlay and the texts. */
  draw(detail: boolean): void {
    const { store, view } = this;
    const [startMs, endMs] = this.span();
    if (view.follow) {
      view.viewStartMs = startMs;
      view.viewEndMs = endMs;
    }
    const lay = layout(store.index, this.rowOffset);
    this.rowOffset = lay.cppRowOffset;
    const scale = new Scale(startMs, endMs, this.width);
    // The canvas is as tall as the layout can be, and the stage shows the
    // part in use. A canvas whose size changes gets a new backing store, and
    // the page's first draw into it took 6-14 ms (headless Chromium without a
    // GPU): when the canvas followed the layout's height, a run's first rows
    // and a new run's reset each cost that.
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(this.width * dpr);
    const h = Math.round(MAX_LAYOUT_HEIGHT * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.canvas.style.width = `${this.width}px`;
      this.canvas.style.height = `${MAX_LAYOUT_HEIGHT}px`;
    }
    const shown = `${lay.height}px`;
    if (this.stage.style.height !== shown) this.stage.style.height = shown;
    const ctx = this.canvas.getContext('2d');
    if (ctx !== null) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const cursorMs = view.position === null ? null : view.atMs;
      this.colors ??= readPalette(this.el);
      const { targets, capped } = drawTimeline(ctx, store, lay, scale, {
        colors: this.colors,
        cursorMs,
        selectedTask: view.selectedTask,
        collect: detail,
        maxTargets: MAX_TARGETS,
      });
      if (detail) {
        this.targets = targets;
        this.syncOverlay(capped);
      }
    }
    if (!detail) return;
    const el = this.el;
    el.dataset.viewStartMs = startMs.toFixed(3);
    el.dataset.viewEndMs = endMs.toFixed(3);
    el.dataset.follow = String(view.follow);
    el.dataset.cursorMs = view.position === null ? '' : view.atMs.toFixed(3);
    el.dataset.rows = String(lay.cppRowCount);
    el.dataset.firstRow = String(lay.cppRowOffset);
    const scrolls = lay.cppRowCount > lay.cppRowsShown;
    this.rowsUp.hidden = !scrolls;
    this.rowsDown.hidden = !scrolls;
    this.rowsUp.disabled = lay.cppRowOffset === 0;
    this.rowsDown.disabled = lay.cppRowOffset + lay.cppRowsShown >= lay.cppRowCount;
    const rows = lay.cppRowCount > MAX_CPP_ROWS
      ? ` C++ rows ${lay.cppRowOffset + 1}-${lay.cppRowOffset + lay.cppRowsShown} of ${lay.cppRowCount} (scroll over the lane for more).`
      : '';
    const clock = store.clock === 'virtual' ? ' C++ loop times are on the virtual clock.' : '';
    this.drawLateness();
    const text = `Showing ${fmtSpan(startMs)} to ${fmtSpan(endMs)}.${rows}${clock}`;
    if (this.note.textContent !== text) this.note.textContent = text;
  }

  private drawLateness(): void {
    const { cpp, js } = this.store.index.lateness;
    const part = (name: string, s: LatenessStats, why: string): string =>
      s.count === 0
        ? `${name}: no timer has run yet`
        : `${name}: ${s.count} timer${s.count === 1 ? '' : 's'}, mean ${ms(s.sumMs / s.count)}, max ${ms(s.maxMs)} ${why}`;
    const text = `Timer lateness (ran minus deadline). ${part('C++ loop', cpp, '(timers fire at the next frame tick)')}. ${part('JS loop', js, '(timers fire on their own)')}.`;
    if (this.lateness.textContent !== text) this.lateness.textContent = text;
    const d = this.lateness.dataset;
    d.cppTimers = String(cpp.count);
    d.cppMaxMs = cpp.maxMs.toFixed(3);
    d.cppMeanMs = cpp.count > 0 ? (cpp.sumMs / cpp.count).toFixed(3) : '';
    d.jsTimers = String(js.count);
    d.jsMaxMs = js.maxMs.toFixed(3);
    d.jsMeanMs = js.count > 0 ? (js.sumMs / js.count).toFixed(3) : '';
  }

  private syncOverlay(capped: boolean): void {
    const seen = new Set<string>();
    let focusable: HTMLElement | null = null;
    for (const t of this.targets) {
      seen.add(t.key);
      let node = this.targetsByKey.get(t.key);
      if (node === undefined) {
        const button = document.createElement('button');
        button.type = 'button';
        node = button;
        node.className = 'll-target';
        node.dataset.key = t.key;
        node.tabIndex = -1;
        this.targetsByKey.set(t.key, node);
        this.overlay.append(node);
      }
      const style = node.style;
      const left = `${t.x}px`;
      const top = `${t.y}px`;
      const width = `${Math.max(4, t.w)}px`;
      const height = `${t.h}px`;
      if (style.left !== left) style.left = left;
      if (style.top !== top) style.top = top;
      if (style.width !== width) style.width = width;
      if (style.height !== height) style.height = height;
      if (node.getAttribute('aria-label') !== t.label) node.setAttribute('aria-label', t.label);
      for (const [k, v] of Object.entries(t.attrs)) if (node.getAttribute(k) !== v) node.setAttribute(k, v);
      node.dataset.row = String(t.row);
      if (t.key === this.focusKey) focusable = node;
    }
    for (const [key, node] of this.targetsByKey) {
      if (!seen.has(key)) {
        node.remove();
        this.targetsByKey.delete(key);
      }
    }
    // Roving focus: one element is in the tab order, arrow keys move it.
    const first = this.targets[0];
    if (focusable === null && first !== undefined) focusable = this.targetsByKey.get(first.key) ?? null;
    for (const node of this.targetsByKey.values()) {
      const want = node === focusable ? 0 : -1;
      if (node.tabIndex !== want) node.tabIndex = want;
    }
    this.el.dataset.targets = String(this.targets.length);
    this.el.dataset.capped = String(capped);
    this.overlay.dataset.capped = String(capped);
    if (capped) this.overlay.setAttribute('aria-description', `Only the first ${MAX_TARGETS} items are focusable: zoom in to reach the rest.`);
    else this.overlay.removeAttribute('aria-description');
  }

  private targetOf(node: EventTarget | null): Target | undefined {
    const key = node instanceof HTMLElement ? node.dataset.key : undefined;
    return key === undefined ? undefined : this.targets.find((t) => t.key === key);
  }

  private open(node: EventTarget | null): void {
    const t = this.targetOf(node);
    if (t === undefined) return;
    this.focusKey = t.key;
    if (t.task !== 0) {
      this.view.select(t.task);
      // Show the loop as it was when this bar began (unless it is still running).
      const running = node instanceof HTMLElement && node.dataset.state === 'running';
      if (t.index >= 0 && !running) this.view.scrubTo(t.index);
    } else if (t.index >= 0) {
      this.view.scrubTo(t.index);
    }
  }

  private showTip(node: EventTarget | null): void {
    const t = this.targetOf(node);
    if (t === undefined || !(node instanceof HTMLElement)) return;
    this.tip.textContent = t.label;
    this.tip.style.left = `${Math.min(Math.max(0, t.x), this.width - 260)}px`;
    this.tip.style.top = `${t.y + t.h + 2}px`;
    this.tip.hidden = false;
    if (document.activeElement === node) this.focusKey = t.key;
  }

  private onKey(e: KeyboardEvent): void {
    const current = this.targetOf(e.target);
    switch (e.key) {
      case '+':
      case '=':
        this.zoom(0.5, current !== undefined ? current.x : undefined);
        break;
      case '-':
        this.zoom(2, current !== undefined ? current.x : undefined);
        break;
      case '0':
        this.view.fit();
        break;
      case 'PageUp':
        this.scrollRows(-MAX_CPP_ROWS);
        break;
      case 'PageDown':
        this.scrollRows(MAX_CPP_ROWS);
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
      case 'ArrowUp':
      case 'ArrowDown':
      case 'Home':
      case 'End': {
        if (current === undefined) return;
        const next = this.neighbour(current, e.key);
        if (next !== undefined) this.focusTarget(next);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  }

  private neighbour(t: Target, key: string): Target | undefined {
    const list = this.targets;
    const i = list.indexOf(t);
    if (key === 'Home') return list[0];
    if (key === 'End') return list[list.length - 1];
    if (key === 'ArrowRight') return list[i + 1]?.row === t.row ? list[i + 1] : undefined;
    if (key === 'ArrowLeft') return list[i - 1]?.row === t.row ? list[i - 1] : undefined;
    // Up/down: the nearest item in time on the next row that has any.
    const rows = [...new Set(list.map((x) => x.row))];
    const r = rows.indexOf(t.row) + (key === 'ArrowDown' ? 1 : -1);
    const row = rows[r];
    if (row === undefined) return undefined;
    let best: Target | undefined;
    for (const x of list) if (x.row === row && (best === undefined || Math.abs(x.x - t.x) < Math.abs(best.x - t.x))) best = x;
    return best;
  }

  private focusTarget(t: Target): void {
    this.focusKey = t.key;
    const node = this.targetsByKey.get(t.key);
    if (node === undefined) return;
    for (const n of this.targetsByKey.values()) n.tabIndex = n === node ? 0 : -1;
    node.focus();
  }

  private zoom(factor: number, atX?: number): void {
    const [start, end] = this.span();
    const center = atX !== undefined ? new Scale(start, end, this.width).ms(atX) : (start + end) / 2;
    const newStart = center - (center - start) * factor;
    const newEnd = center + (end - center) * factor;
    this.view.setView(Math.max(-1, newStart), newEnd);
  }

  private pan(fraction: number): void {
    const [start, end] = this.span();
    const d = (end - start) * fraction;
    this.view.setView(start + d, end + d);
  }

  private onWheel(e: WheelEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    if (e.ctrlKey || e.metaKey) {
      this.zoom(e.deltaY > 0 ? 1.25 : 0.8, x > LABEL_W ? x : undefined);
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const d = e.shiftKey ? e.deltaY : e.deltaX;
      this.pan(d / Math.max(200, this.width));
    } else {
      const lay = layout(this.store.index, this.rowOffset);
      const y = e.clientY - rect.top;
      if (lay.cppRowCount <= lay.cppRowsShown || y < lay.cppTop || y > lay.cppBottom) return; // let the page scroll
      this.scrollRows(Math.sign(e.deltaY) * 3);
    }
    e.preventDefault();
  }

  private scrollRows(by: number): void {
    this.rowOffset = Math.max(0, this.rowOffset + by);
    this.redraw();
  }

  private onPointerDown(e: PointerEvent): void {
    const [start, end] = this.span();
    this.drag = { x: e.clientX, start, end };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (d === null) return;
    const plotW = new Scale(d.start, d.end, this.width).plotW;
    const shift = ((e.clientX - d.x) / plotW) * (d.end - d.start);
    if (Math.abs(e.clientX - d.x) >= 2) this.view.setView(d.start - shift, d.end - shift);
  }
}

function tool(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function fmtSpan(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
