// The words for what the views draw. The event log, the bars' accessible
// names and the hover details all come from here, so what a screen reader
// hears is what the timeline shows.
import { WAIT_NAMES, Wait } from '../trace/format';
import type { TaskRecord, TimerRecord } from '../trace/loopState';
import type { TraceStore } from '../trace/store';
import type { Blocked, CoreTimer, JsItem, LogEntry, RunBar, TickMark, WaitGap } from '../trace/traceIndex';

/** Milliseconds for people: one decimal below 100 ms, whole above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '?';
  const abs = Math.abs(value);
  return `${abs < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

/**
 * A whole number with commas between thousands ("1,234,567"), as
 * toLocaleString('en') writes it. Not toLocaleString: its first call in a
 * page loads the number formats, and that took 77 ms of a frame in headless
 * Chromium here (the event log's summary, first drawn mid-run).
 */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 entry", "2 entries", "1,000 events": a count and the word that goes with it. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function late(latenessMs: number): string {
  if (!Number.isFinite(latenessMs)) return '';
  if (Math.abs(latenessMs) < 0.05) return 'on time';
  return latenessMs > 0 ? `${ms(latenessMs)} late` : `${ms(-latenessMs)} early`;
}

export function itemName(store: TraceStore, id: number): string {
  return store.names.has(id) ? `task "${store.nameOf(id)}"` : `callback #${id}`;
}

/** What a suspended task is waiting for, in words. */
export function waitText(store: TraceStore, waitKind: number, waitValue: number, toMs: (s: number) => number): string {
  switch (waitKind) {
    case Wait.yield:
      return 'yielded (back of the ready queue)';
    case Wait.sleep:
      return `sleeping until ${ms(toMs(waitValue))}`;
    case Wait.task:
      return waitValue !== 0 ? `waiting on ${itemName(store, waitValue)}` : 'waiting on a task';
    default:
      return `waiting on ${WAIT_NAMES[waitKind] ?? 'something'}${waitValue !== 0 && waitKind !== Wait.external ? ` #${waitValue}` : ''}`;
  }
}

export function taskStateText(store: TraceStore, rec: TaskRecord, toMs: (s: number) => number): string {
  switch (rec.state) {
    case 'sleeping':
    case 'waiting':
      return waitText(store, rec.waitKind, rec.waitValue, toMs);
    default:
      return rec.state;
  }
}

export function runText(store: TraceStore, bar: RunBar): string {
  const who = itemName(store, bar.id);
  if (Number.isNaN(bar.endMs)) return `C++ ${who} running since ${ms(bar.startMs)}`;
  return `C++ ${who} ran at ${ms(bar.startMs)} for ${ms(bar.endMs - bar.startMs)}`;
}

export function gapText(store: TraceStore, gap: WaitGap, toMs: (s: number) => number): string {
  const until = Number.isNaN(gap.toMs) ? 'still suspended' : `resumed at ${ms(gap.toMs)}`;
  return `C++ ${itemName(store, gap.id)} suspended at ${ms(gap.fromMs)}, ${waitText(store, gap.waitKind, gap.waitValue, toMs)}; ${until}`;
}

export function coreTimerText(store: TraceStore, t: CoreTimer): string {
  const whose = t.owner !== 0 ? `${itemName(store, t.owner)}'s sleep timer` : `callback timer #${t.id}`;
  if (t.cancelled) return `C++ ${whose} cancelled at ${ms(t.firedMs)} (was due at ${ms(t.deadlineMs)})`;
  if (Number.isNaN(t.firedMs)) return `C++ ${whose} set at ${ms(t.setMs)}, due at ${ms(t.deadlineMs)}`;
  return `C++ ${whose} set at ${ms(t.setMs)}, fired at ${ms(t.firedMs)}, due at ${ms(t.deadlineMs)}: ${late(t.latenessMs)}`;
}

export function heapTimerText(store: TraceStore, t: TimerRecord, toMs: (s: number) => number): string {
  const whose = t.owner !== 0 ? `wakes ${itemName(store, t.owner)}` : `runs callback #${t.id}`;
  return `timer #${t.id} due at ${ms(toMs(t.deadline))}, ${whose}`;
}

export function jsText(item: JsItem): string {
  const what = `JS ${item.api}${item.label !== '' ? ` ${item.label}` : ''} #${item.id}`;
  if (item.cancelled) return `${what} cancelled at ${ms(item.startMs)}`;
  const asked = Number.isFinite(item.delayMs) ? `, set at ${ms(item.scheduledMs)} for ${ms(item.delayMs)}` : '';
  const running = Number.isNaN(item.endMs) ? 'still running' : `for ${ms(item.endMs - item.startMs)}`;
  const lateness = Number.isFinite(item.latenessMs) ? `: ${late(item.latenessMs)}` : '';
  return `${what} ran at ${ms(item.startMs)} ${running}${asked}${lateness}`;
}

export function blockedText(b: Blocked): string {
  return `Both loops blocked from ${ms(b.startMs)} to ${ms(b.endMs)}: ${ms(b.endMs - b.startMs)} busy`;
}

export function tickText(t: TickMark): string {
  const budget = t.budgetS > 0 ? `${Math.round((t.usedS / t.budgetS) * 100)}% of its ${ms(t.budgetS * 1000)} budget` : 'no budget';
  return `C++ tick ${t.tick} at ${ms(t.beginMs)}: ${t.resumes} resume${t.resumes === 1 ? '' : 's'}, used ${ms(t.usedS * 1000)} (${budget})`;
}

export function logText(store: TraceStore, e: LogEntry, toMs: (s: number) => number): string {
  switch (e.type) {
    case 'spawn':
      return `C++ ${itemName(store, e.id)} spawned at ${ms(e.ms)}${e.parent !== 0 ? ` by ${itemName(store, e.parent)}` : ''}`;
    case 'run':
      return runText(store, e);
    case 'wait':
      return gapText(store, e, toMs);
    case 'timer':
      return coreTimerText(store, e.timer);
    case 'final': {
      const error = e.state === 'failed' ? store.errors.get(e.id) : undefined;
      return `C++ ${itemName(store, e.id)} ${e.state} at ${ms(e.ms)}${error !== undefined ? `: ${error}` : ''}`;
    }
    case 'js':
      return jsText(e.item);
    case 'blocked':
      return blockedText(e.block);
  }
}
