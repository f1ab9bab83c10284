// Paints the timeline on a canvas (thousands of bars cost one draw call each,
// no DOM) and, when asked, lists the drawn things as targets for the focusable
// overlay. Only rows on screen are visited, and within a row only the bars
// inside the time window (binary search), so a redraw's cost follows what is
// visible, not the length of the run.
import { JS_TIMER_APIS, Wait } from '../trace/format';
import type { TraceStore } from '../trace/store';
import type { Spans } from '../trace/spans';
import { runBar, type CoreTimer, type JsItem, type RunBar, type TickMark } from '../trace/traceIndex';
import { blockedText, coreTimerText, jsText, ms, runText, tickText } from './describe';
import type { Palette } from './palette';
import { LABEL_W, axisStep, lowerBound, type Layout, type Scale } from './timelineLayout';

export interface Target {
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
  row: number; // index among the layout rows that hold targets, for up/down keys
  label: string;
  attrs: Record<string, string>;
  task: number; // C++ task or callback id for bars, else 0
  index: number; // core event index to show when opened, or -1
}


export interface DrawOptions {
  colors: Palette;
  cursorMs: number | null;
  selectedTask: number;
  collect: boolean; // list targets for the overlay
  maxTargets: number;
}

export function drawTimeline(
  ctx: CanvasRenderingContext2D,
  store: TraceStore,
  lay: Layout,
  scale: Scale,
  opt: DrawOptions,
): { targets: Target[]; capped: boolean } {
  const COLORS = opt.colors;
  const ix = store.index;
  const width = scale.width;
  const targets: Target[] = [];
  let capped = false;
  // Only a frame that refreshes the overlay collects targets; on the others
  // `add?.(...)` does not even build them (their labels are most of a frame's garbage).
  const add = opt.collect
    ? (t: Target): void => {
        if (targets.length >= opt.maxTargets) {
          capped = true;
          return;
        }
        targets.push(t);
      }
    : undefined;
  const { startMs, endMs } = scale;
  const px = (endMs - startMs) / scale.plotW; // ms per pixel

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, width, lay.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  // Lane backgrounds.
  const jsHeader = lay.rows.find((r) => r.kind === 'header' && r.lane === 'js');
  const jsTop = jsHeader?.y ?? lay.height;
  ctx.fillStyle = COLORS.laneCpp;
  ctx.fillRect(0, lay.rows[0]?.y ?? 0, width, jsTop - (lay.rows[0]?.y ?? 0));
  ctx.fillStyle = COLORS.laneJs;
  ctx.fillRect(0, jsTop, width, lay.height - jsTop);

  // Axis and grid.
  const step = axisStep(endMs - startMs, scale.plotW);
  ctx.strokeStyle = COLORS.grid;
  ctx.fillStyle = COLORS.muted;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  for (let t = Math.ceil(startMs / step) * step; t <= endMs; t += step) {
    const x = Math.round(scale.x(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, 18);
    ctx.lineTo(x, lay.height);
    ctx.stroke();
    ctx.fillText(axisLabel(t, step), x, 9);
  }

  // Busy-wait blocks: across both lanes, with their length.
  let rowNo = 0;
  for (const b of ix.blocked) {
    if (b.endMs < startMs || b.startMs > endMs) continue;
    const x0 = Math.max(LABEL_W, scale.x(b.startMs));
    const x1 = Math.min(width, scale.x(b.endMs));
    const w = Math.max(2, x1 - x0);
    ctx.fillStyle = COLORS.blocked;
    ctx.fillRect(x0, 18, w, lay.height - 18);
    ctx.strokeStyle = COLORS.blockedEdge;
    ctx.strokeRect(x0 + 0.5, 18.5, w - 1, lay.height - 19);
    ctx.fillStyle = COLORS.blockedEdge;
    ctx.textAlign = 'left';
    if (w > 70) ctx.fillText(`blocked ${ms(b.endMs - b.startMs)}`, x0 + 4, (18 + lay.height) / 2);
    add?.({
      key: `blocked:${b.startMs}`,
      x: x0,
      y: 18,
      w,
      h: 14,
      row: rowNo,
      label: blockedText(b),
      attrs: { 'data-kind': 'blocked', 'data-lane': 'both', 'data-start-ms': fix(b.startMs), 'data-duration-ms': fix(b.endMs - b.startMs) },
      task: 0,
      index: -1,
    });
  }
  rowNo++;

  for (const r of lay.rows) {
    if (r.kind === 'header') {
      ctx.fillStyle = COLORS.header;
      ctx.font = 'bold 11px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.fillText(r.label, 6, r.y + r.h / 2);
      ctx.font = '11px system-ui, sans-serif';
      if (r.lane === 'js' && ix.jsRows.size === 0) {
        ctx.fillStyle = COLORS.muted;
        ctx.fillText('no JS callbacks recorded', LABEL_W, r.y + r.h + 9);
      }
      continue;
    }
    const mid = r.y + r.h / 2;
    if (r.kind === 'ticks') {
      label(ctx, COLORS, 'ticks (budget used)', r.y, r.h);
      drawTicks(ctx, COLORS, ix.ticks, scale, r.y, r.h, px, (t, x, w) =>
        add?.({
          key: `tick:${t.tick}`,
          x,
          y: r.y,
          w,
          h: r.h,
          row: rowNo,
          label: tickText(t),
          attrs: {
            'data-kind': 'tick',
            'data-lane': 'cpp',
            'data-tick': String(t.tick),
            'data-start-ms': fix(t.beginMs),
            'data-budget-used': t.budgetS > 0 ? (t.usedS / t.budgetS).toFixed(3) : '0',
          },
          task: 0,
          index: t.index,
        }),
      );
      rowNo++;
      continue;
    }
    const row = r.row;
    if (row.lane === 'cpp') {
      const isCallbacks = row.id === 0;
      const name = isCallbacks ? 'callbacks' : store.nameOf(row.id);
      if (row.id !== 0 && row.id === opt.selectedTask) {
        ctx.fillStyle = COLORS.selected;
        ctx.fillRect(0, r.y + 1, 4, r.h - 2);
      }
      label(ctx, COLORS, name, r.y, r.h);
      // Suspended gaps, marked with what they wait on. Gaps of one kind that
      // meet within a pixel are stroked as one line: a task that yields
      // thousands of times would otherwise cost thousands of strokes a redraw.
      const gaps = row.gaps;
      let segKind = -1;
      let segFrom = 0;
      let segTo = -Infinity;
      const strokeSegment = (): void => {
        if (segKind < 0) return;
        ctx.strokeStyle = segKind === Wait.sleep ? COLORS.sleep : COLORS.wait;
        ctx.setLineDash(segKind === Wait.sleep ? [4, 3] : segKind === Wait.yield ? [] : [1, 2]);
        ctx.beginPath();
        ctx.moveTo(segFrom, mid + 0.5);
        ctx.lineTo(segTo, mid + 0.5);
        ctx.stroke();
        ctx.setLineDash([]);
      };
      for (let i = Math.max(0, gaps.lowerBound(startMs) - 1); i < gaps.length; i++) {
        const fromMs = gaps.startMs(i);
        if (fromMs > endMs) break;
        const toMs = gaps.endMs(i);
        const to = Number.isNaN(toMs) ? ix.endMs : toMs;
        if (to < startMs) continue;
        const waitKind = gaps.kind(i);
        const x0 = Math.max(LABEL_W, scale.x(fromMs));
        const x1 = Math.min(width, scale.x(to));
        if (waitKind === segKind && x0 <= segTo + 1) {
          segTo = Math.max(segTo, x1);
        } else {
          strokeSegment();
          segKind = waitKind;
          segFrom = x0;
          segTo = x1;
        }
        if (x1 - x0 > 60) {
          ctx.fillStyle = COLORS.muted;
          ctx.textAlign = 'left';
          ctx.fillText(waitLabel(waitKind), x0 + 3, mid - 5);
        }
        i = lastInColumn(gaps, i, x1, scale);
      }
      strokeSegment();
      // Run bars.
      const bars = row.bars;
      ctx.fillStyle = isCallbacks ? COLORS.barCallback : COLORS.barTask;
      let lastX = -1;
      for (let i = Math.max(0, bars.lowerBound(startMs) - 1); i < bars.length; i++) {
        const barStart = bars.startMs(i);
        if (barStart > endMs) break;
        const barEnd = bars.endMs(i);
        const end = Number.isNaN(barEnd) ? ix.endMs : barEnd;
        if (end < startMs) continue;
        const x0 = Math.max(LABEL_W, scale.x(barStart));
        const w = Math.max(1, Math.min(width, scale.x(end)) - x0);
        // Many bars in one pixel column: draw that column once.
        if (w > 1 || Math.floor(x0) !== lastX) {
          lastX = Math.floor(x0);
          ctx.fillRect(x0, r.y + 3, w, r.h - 6);
          if (add !== undefined) addBar(add, store, runBar(bars, i), x0, r.y, w, r.h, rowNo);
        }
        i = lastInColumn(bars, i, x0 + w, scale);
      }
      // Timers: deadline tick, lateness in red up to when it fired.
      const labels = { lastX: -Infinity };
      // Timers are in the order they were set, and nothing of a timer is drawn before it was set.
      for (const t of row.timers) {
        if (t.setMs > endMs) break;
        drawCoreTimer(ctx, COLORS, store, t, scale, r.y, r.h, rowNo, add, ix.endMs, labels);
      }
    } else {
      label(ctx, COLORS, row.api ?? 'js', r.y, r.h);
      const labels: LabelPlaces = { lastX: -Infinity, later: [] };
      const items = row.js;
      // A timer draws its deadline and lateness away from its bar, so each is
      // visited. Other callbacks (promise reactions, microtasks, frames) draw
      // only their bar: many in one pixel column are drawn once and the rest
      // skipped, as a C++ row's runs are (a promise flood records 100,000).
      const skipColumns = row.api === null || !JS_TIMER_APIS.has(row.api);
      let lastX = -1;
      for (let i = Math.max(0, lowerBound(items, startMs, (b) => b.startMs) - 4); i < items.length; i++) {
        const it = items[i];
        if (it === undefined) continue;
        if (it.startMs > endMs) break;
        const end = Number.isNaN(it.endMs) ? ix.endMs : it.endMs;
        const lateFrom = Number.isFinite(it.latenessMs) ? it.deadlineMs : it.startMs;
        if (end < startMs && lateFrom < startMs) continue;
        const x0 = Math.max(LABEL_W, scale.x(it.startMs));
        const w = Math.max(1, Math.min(width, scale.x(end)) - x0);
        // A callback in the column the last one filled is not drawn, and gets no focusable target of its own.
        const sameColumn = w <= 1 && Math.floor(x0) === lastX;
        drawJs(ctx, COLORS, it, scale, r.y, r.h, end, lastX, labels);
        lastX = Math.floor(x0);
        if (skipColumns) i = lastJsInColumn(items, i, x0 + w, scale);
        if (add === undefined || (skipColumns && sameColumn)) continue;
        const attrs: Record<string, string> = {
          'data-kind': 'js',
          'data-lane': 'js',
          'data-api': it.api,
          'data-js': String(it.id),
          'data-start-ms': fix(it.startMs),
          'data-duration-ms': fix(end - it.startMs),
        };
        if (Number.isFinite(it.latenessMs)) attrs['data-lateness-ms'] = fix(it.latenessMs);
        if (it.cancelled) attrs['data-state'] = 'cancelled';
        add({ key: `js:${it.api}:${it.id}:${it.startMs}`, x: x0, y: r.y, w, h: r.h, row: rowNo, label: jsText(it), attrs, task: 0, index: -1 });
      }
      drawLaterLabels(ctx, COLORS, labels);
    }
    rowNo++;
  }

  // The shown point of the recording.
  if (opt.cursorMs !== null && opt.cursorMs >= startMs && opt.cursorMs <= endMs) {
    const x = Math.round(scale.x(opt.cursorMs)) + 0.5;
    ctx.strokeStyle = COLORS.cursor;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, 18);
    ctx.lineTo(x, lay.height);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  return { targets, capped };
}

/**
 * Where to go on after item `i` of a row, whose drawing ended at pixel `x`:
 * the item before the first one that starts past that pixel column, so the
 * loop's i++ lands on the first item that does. The items of a C++ row (runs
 * or waits) never overlap, so of those skipped only the last could reach
 * past the column, and it is the one returned. A redraw then costs what fits
 * on screen, not the number of items: a busy loop records tens of thousands
 * of runs in the width of a few pixels.
 */
function lastInColumn(items: Spans, i: number, x: number, scale: Scale): number {
  const nextColumnMs = scale.ms(Math.floor(x) + 1);
  if (i + 1 >= items.length || items.startMs(i + 1) >= nextColumnMs) return i; // the common case when zoomed in
  const firstPast = items.lowerBound(nextColumnMs, i + 1);
  return firstPast - 2 > i ? firstPast - 2 : i;
}

/**
 * lastInColumn for a JS row's callbacks, which run one after another: the
 * item before the first that starts past pixel column `x`.
 */
function lastJsInColumn(items: readonly JsItem[], i: number, x: number, scale: Scale): number {
  const nextColumnMs = scale.ms(Math.floor(x) + 1);
  const next = items[i + 1];
  if (next === undefined || next.startMs >= nextColumnMs) return i;
  const firstPast = lowerBound(items, nextColumnMs, (b) => b.startMs);
  return firstPast - 2 > i ? firstPast - 2 : i;
}

function addBar(add: (t: Target) => void, store: TraceStore, b: RunBar, x: number, y: number, w: number, h: number, row: number): void {
  const running = Number.isNaN(b.endMs);
  const dur = running ? store.index.endMs - b.startMs : b.endMs - b.startMs;
  add({
    key: `bar:${b.id}:${b.index}`,
    x,
    y,
    w,
    h,
    row,
    label: runText(store, b),
    attrs: {
      'data-kind': 'bar',
      'data-lane': 'cpp',
      'data-task': String(b.id),
      'data-name': store.names.get(b.id) ?? '',
      'data-state': running ? 'running' : 'ran',
      'data-start-ms': fix(b.startMs),
      'data-duration-ms': fix(dur),
    },
    task: b.id,
    index: b.index + 1,
  });
}

function drawCoreTimer(
  ctx: CanvasRenderingContext2D,
  COLORS: Palette,
  store: TraceStore,
  t: CoreTimer,
  scale: Scale,
  y: number,
  h: number,
  row: number,
  add: ((t: Target) => void) | undefined,
  nowMs: number,
  labels: LabelPlaces,
): void {
  const fired = Number.isNaN(t.firedMs) ? nowMs : t.firedMs;
  if (Math.max(fired, t.deadlineMs) < scale.startMs || Math.min(t.deadlineMs, t.setMs) > scale.endMs) return;
  const xd = scale.x(t.deadlineMs);
  delayLine(ctx, COLORS, scale, t.setMs, t.deadlineMs, y + h - 1);
  if (xd >= LABEL_W) {
    ctx.fillStyle = COLORS.deadline;
    ctx.beginPath(); // a small triangle under the row: the deadline
    ctx.moveTo(xd, y + h - 5);
    ctx.lineTo(xd - 3, y + h);
    ctx.lineTo(xd + 3, y + h);
    ctx.fill();
  }
  if (!t.cancelled && Number.isFinite(t.latenessMs)) {
    const xf = scale.x(t.firedMs);
    ctx.fillStyle = COLORS.late;
    ctx.fillRect(Math.max(LABEL_W, xd), y + h - 3, Math.max(1, xf - Math.max(LABEL_W, xd)), 3);
    lateLabel(ctx, COLORS, Math.max(xf, xd + 3) + 2, y + h / 2, t.latenessMs, labels, scale.width);
  }
  if (add === undefined) return;
  const attrs: Record<string, string> = {
    'data-kind': 'timer',
    'data-lane': 'cpp',
    'data-timer': String(t.id),
    'data-owner': String(t.owner),
    'data-deadline-ms': fix(t.deadlineMs),
    'data-state': t.cancelled ? 'cancelled' : Number.isNaN(t.firedMs) ? 'pending' : 'fired',
  };
  if (Number.isFinite(t.latenessMs)) attrs['data-lateness-ms'] = fix(t.latenessMs);
  const x0 = Math.max(LABEL_W, xd - 3);
  add({
    key: `timer:${t.id}`,
    x: x0,
    y: y + h - 6,
    w: Math.max(6, scale.x(fired) - x0),
    h: 6,
    row,
    label: coreTimerText(store, t),
    attrs,
    task: t.owner,
    index: -1,
  });
}

function drawJs(
  ctx: CanvasRenderingContext2D,
  COLORS: Palette,
  it: JsItem,
  scale: Scale,
  y: number,
  h: number,
  end: number,
  lastX: number,
  labels: LabelPlaces,
): void {
  if (Number.isFinite(it.deadlineMs)) delayLine(ctx, COLORS, scale, it.scheduledMs, it.deadlineMs, y + h - 1);
  if (Number.isFinite(it.latenessMs) && it.latenessMs > 0) {
    const xd = Math.max(LABEL_W, scale.x(it.deadlineMs));
    ctx.fillStyle = COLORS.late;
    ctx.fillRect(xd, y + h - 3, Math.max(1, scale.x(it.startMs) - xd), 3);
  }
  if (Number.isFinite(it.deadlineMs)) {
    const xd = scale.x(it.deadlineMs);
    if (xd >= LABEL_W) {
      ctx.fillStyle = COLORS.deadline;
      ctx.beginPath();
      ctx.moveTo(xd, y + h - 5);
      ctx.lineTo(xd - 3, y + h);
      ctx.lineTo(xd + 3, y + h);
      ctx.fill();
    }
  }
  const x0 = Math.max(LABEL_W, scale.x(it.startMs));
  const w = Math.max(1, Math.min(scale.width, scale.x(end)) - x0);
  if (w <= 1 && Math.floor(x0) === lastX) return;
  ctx.fillStyle = it.cancelled ? COLORS.wait : COLORS.barJs;
  ctx.fillRect(x0, y + 3, it.cancelled ? 2 : w, h - 7);
  if (Number.isFinite(it.latenessMs)) lateLabel(ctx, COLORS, x0 + w + 2, y + h / 2, it.latenessMs, labels, scale.width);
}

/** The requested delay: a faint line from when a timer was set to its deadline. */
function delayLine(ctx: CanvasRenderingContext2D, COLORS: Palette, scale: Scale, fromMs: number, toMs: number, y: number): void {
  const x0 = Math.max(LABEL_W, scale.x(fromMs));
  const x1 = Math.min(scale.width, scale.x(toMs));
  if (x1 <= x0) return;
  ctx.strokeStyle = COLORS.wait;
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  ctx.moveTo(x0, y + 0.5);
  ctx.lineTo(x1, y + 0.5);
  ctx.stroke();
  ctx.setLineDash([]);
}

/**
 * Where a row's lateness labels go, so they do not overlap. With `later`,
 * the labels are drawn when the row's bars are (drawLaterLabels): a JS row
 * draws each callback's label beside its bar, and the next bars would cover it.
 */
interface LabelPlaces {
  lastX: number;
  later?: { text: string; x: number; y: number }[];
}

/**
 * Draws the labels a row put off until its bars were drawn, each edged in
 * the lane's colour so it reads over the bars it lies on.
 */
function drawLaterLabels(ctx: CanvasRenderingContext2D, COLORS: Palette, labels: LabelPlaces): void {
  ctx.fillStyle = COLORS.late;
  ctx.strokeStyle = COLORS.laneJs;
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.textAlign = 'left';
  for (const l of labels.later ?? []) {
    ctx.strokeText(l.text, l.x, l.y);
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.lineWidth = 1;
  ctx.lineJoin = 'miter';
}

/**
 * "+16.5 ms" beside a timer that ran, lateness readable without zooming in:
 * at `x`, or further left so it ends within `right` (the plot's edge); skipped
 * if it would overlap the last one.
 */
function lateLabel(
  ctx: CanvasRenderingContext2D,
  COLORS: Palette,
  x: number,
  y: number,
  latenessMs: number,
  labels: LabelPlaces,
  right: number,
): void {
  if (x < labels.lastX + 6 || x > right) return;
  const text = `${latenessMs >= 0 ? '+' : ''}${latenessMs < 10 && latenessMs > -10 ? latenessMs.toFixed(1) : latenessMs.toFixed(0)} ms`;
  const textW = ctx.measureText(text).width;
  const at = Math.min(x, right - textW - 2);
  if (at < labels.lastX + 6) return;
  labels.lastX = at + textW;
  if (labels.later !== undefined) {
    labels.later.push({ text, x: at, y });
    return;
  }
  ctx.fillStyle = COLORS.late;
  ctx.textAlign = 'left';
  ctx.fillText(text, at, y);
}

function drawTicks(
  ctx: CanvasRenderingContext2D,
  COLORS: Palette,
  ticks: readonly TickMark[],
  scale: Scale,
  y: number,
  h: number,
  msPerPx: number,
  onTick: (t: TickMark, x: number, w: number) => void,
): void {
  let lastX = -1;
  for (let i = lowerBound(ticks, scale.startMs, (t) => t.beginMs); i < ticks.length; i++) {
    const t = ticks[i];
    if (t === undefined) continue;
    if (t.beginMs > scale.endMs) break;
    const x = Math.floor(scale.x(t.beginMs));
    const used = t.budgetS > 0 ? t.usedS / t.budgetS : 0;
    // An idle tick (nothing resumed) is a short mark; a working tick a full
    // one, with a bar whose height is the share of the budget it used.
    ctx.fillStyle = COLORS.tick;
    const idle = t.resumes === 0;
    if (x !== lastX || !idle) ctx.fillRect(x, idle ? y + h - 5 : y + 2, 1, idle ? 3 : h - 4);
    if (!idle) {
      const w = Math.max(1, Math.min(scale.x(t.beginMs + Math.max(t.usedS * 1000, msPerPx)) - x, 40));
      const bh = Math.max(1, Math.min(1, used) * (h - 4));
      ctx.fillStyle = used > 1 ? COLORS.overBudget : COLORS.sleep;
      ctx.fillRect(x + 1, y + h - 2 - bh, w, bh);
      if (x !== lastX) onTick(t, x, Math.max(3, w + 1));
    }
    lastX = x;
  }
}

function label(ctx: CanvasRenderingContext2D, COLORS: Palette, text: string, y: number, h: number): void {
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'left';
  const max = LABEL_W - 12;
  let t = text;
  while (t.length > 3 && ctx.measureText(t).width > max) t = `${t.slice(0, -2)}`;
  ctx.fillText(t === text ? t : `${t}…`, 8, y + h / 2);
}

function waitLabel(kind: number): string {
  switch (kind) {
    case Wait.sleep:
      return 'sleep';
    case Wait.yield:
      return 'yield';
    case Wait.task:
      return 'awaits task';
    case Wait.gather:
      return 'gather';
    case Wait.event:
      return 'event';
    case Wait.queueGet:
      return 'queue get';
    case Wait.queuePut:
      return 'queue put';
    case Wait.external:
      return 'host promise';
    default:
      return 'waiting';
  }
}

function axisLabel(t: number, step: number): string {
  if (step >= 1000) return `${(t / 1000).toFixed(step >= 10000 ? 0 : 1)} s`;
  return `${step < 1 ? t.toFixed(2) : t.toFixed(0)} ms`;
}

function fix(n: number): string {
  return n.toFixed(3);
}

