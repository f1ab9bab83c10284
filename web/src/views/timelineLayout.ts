// Where things go on the timeline: one ms axis, the C++ lane (a tick row,
// then one row per task, scrolling when there are many, then the callbacks)
// above the JS lane (one row per API), so both loops stay in sight together.
import { JS_APIS } from '../trace/format';
import type { Row, TraceIndex } from '../trace/traceIndex';

export const LABEL_W = 150;
export const AXIS_H = 22;
export const ROW_H = 18;
export const HEADER_H = 18;
/** C++ rows shown at once; more scroll inside the lane. */
export const MAX_CPP_ROWS = 14;

export type LayoutRow =
  | { kind: 'header'; y: number; h: number; label: string; lane: 'cpp' | 'js' }
  | { kind: 'ticks'; y: number; h: number }
  | { kind: 'row'; y: number; h: number; row: Row };

export interface Layout {
  rows: LayoutRow[];
  height: number;
  cppRowCount: number; // scrollable C++ rows in all
  cppRowOffset: number; // first shown (clamped)
  cppRowsShown: number;
  cppTop: number; // y of the first C++ task row
  cppBottom: number;
}

/** The height of a layout showing `cppRows` task rows and `jsRows` JS rows (an empty JS lane keeps a row for its note). */
function layoutHeight(cppRows: number, jsRows: number): number {
  return AXIS_H + HEADER_H + ROW_H + cppRows * ROW_H + HEADER_H + Math.max(1, jsRows) * ROW_H + 4;
}

/**
 * The tallest the layout can be: the C++ lane at MAX_CPP_ROWS rows (more
 * scroll) and a JS row per API. The canvas is this tall from the start (see
 * Timeline.draw), so rows appearing never resize it.
 */
export const MAX_LAYOUT_HEIGHT = layoutHeight(MAX_CPP_ROWS, JS_APIS.length);

export function layout(index: TraceIndex, rowOffset: number): Layout {
  const tasks = index.taskRowList;
  const callbacks = index.callbackRow.bars.length > 0 || index.callbackRow.timers.length > 0;
  const cppCount = tasks.length + (callbacks ? 1 : 0);
  const cppRow = (i: number): Row | undefined => (i < tasks.length ? tasks[i] : callbacks ? index.callbackRow : undefined);
  const jsRows = [...index.jsRows.values()];
  const rows: LayoutRow[] = [];
  let y = AXIS_H;
  rows.push({ kind: 'header', y, h: HEADER_H, label: 'C++ loop: coroutine runtime, one tick per frame', lane: 'cpp' });
  y += HEADER_H;
  rows.push({ kind: 'ticks', y, h: ROW_H });
  y += ROW_H;
  const shown = Math.min(MAX_CPP_ROWS, cppCount);
  const offset = Math.max(0, Math.min(rowOffset, cppCount - shown));
  const cppTop = y;
  for (let i = offset; i < offset + shown; i++) {
    const row = cppRow(i);
    if (row === undefined) continue;
    rows.push({ kind: 'row', y, h: ROW_H, row });
    y += ROW_H;
  }
  const cppBottom = y;
  rows.push({ kind: 'header', y, h: HEADER_H, label: "JS loop: the browser's own", lane: 'js' });
  y += HEADER_H;
  for (const row of jsRows) {
    rows.push({ kind: 'row', y, h: ROW_H, row });
    y += ROW_H;
  }
  return { rows, height: layoutHeight(shown, jsRows.length), cppRowCount: cppCount, cppRowOffset: offset, cppRowsShown: shown, cppTop, cppBottom };
}

/** Maps ms to x and back for a plot of `width` css pixels. */
export class Scale {
  constructor(
    readonly startMs: number,
    readonly endMs: number,
    readonly width: number,
  ) {}
  get plotW(): number {
    return Math.max(1, this.width - LABEL_W - 8);
  }
  x(ms: number): number {
    return LABEL_W + ((ms - this.startMs) / (this.endMs - this.startMs)) * this.plotW;
  }
  ms(x: number): number {
    return this.startMs + ((x - LABEL_W) / this.plotW) * (this.endMs - this.startMs);
  }
}

/** First index of a list sorted by `key` whose key is >= value. */
export function lowerBound<T>(list: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item !== undefined && key(item) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The least room (px) an axis label gets: "1000 ms" is about 45 px wide. */
const AXIS_LABEL_SPACING = 70;

/**
 * The time between the axis's labels for `spanMs` over `plotW` px: a round
 * number giving at most eight labels, and fewer on a narrow timeline (a
 * phone, an embed), so labels do not run into each other.
 */
export function axisStep(spanMs: number, plotW: number): number {
  return niceStep(spanMs, Math.max(2, Math.min(8, Math.floor(plotW / AXIS_LABEL_SPACING))));
}

/** A round step for about `target` axis labels over `span` ms. */
export function niceStep(span: number, target = 8): number {
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}
