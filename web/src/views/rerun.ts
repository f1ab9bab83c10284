// "Re-run to here": the scrubber shows the recording at any point; this
// re-runs the snippet from scratch on the virtual clock and pauses it at the
// shown point, so both loops are really there and Step or Resume go on from
// it. The button and its note live in the run controls; the words the
// learner reads are here: when a re-run cannot be made, when it may differ
// (the snippet used the JS loop's timers, clock readings or chance), and
// what the check of the re-run against the recording found.
import type { Unrepeatable } from '../protocol';
import type { RerunCheck, RerunOutcome, TraceEvent } from '../runner/replay';
import { KIND_NAMES } from '../trace/format';
import { plural } from './describe';
import type { RunControl } from './index';

/** What the page adds to the views' RunControl when it can re-run (the embed does not). */
export interface RerunControl {
  rerunCheck(): RerunCheck;
  rerunTo(index: number): Promise<RerunOutcome>;
}

export function canRerun(control: RunControl): control is RunControl & RerunControl {
  const c = control as Partial<RerunControl>;
  return typeof c.rerunCheck === 'function' && typeof c.rerunTo === 'function';
}

const TIMERS: readonly Unrepeatable[] = ['setTimeout', 'setInterval', 'requestAnimationFrame'];
const CLOCKS: readonly Unrepeatable[] = ['Date', 'performance.now', 'now()'];
const CLOCK_NAMES: Partial<Record<Unrepeatable, string>> = { Date: 'Date', 'performance.now': 'performance.now()', 'now()': 'now()' };

/** "the JS loop's timers (setTimeout), which keep real time; ..." for what a run used. */
export function unrepeatableText(used: readonly Unrepeatable[]): string {
  const parts: string[] = [];
  const timers = TIMERS.filter((t) => used.includes(t));
  if (timers.length) parts.push(`the JS loop's timers (${timers.join(', ')}), which keep real time`);
  const clocks = CLOCKS.filter((t) => used.includes(t)).map((t) => CLOCK_NAMES[t] ?? t);
  if (clocks.length) parts.push(`clock readings (${clocks.join(', ')}), which follow real time`);
  if (used.includes('Math.random')) parts.push('Math.random(), which differs every run');
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('; ')}; and ${parts.at(-1) ?? ''}`;
}

/** Shown while the learner is scrubbed back, before any re-run. */
export function beforeRerunText(check: RerunCheck): string {
  if (!check.ok) return check.reason;
  if (check.unrepeatable.length === 0) return '';
  return (
    `This run uses ${unrepeatableText(check.unrepeatable)}: a re-run may differ from this recording. ` +
    'The recording stays scrubbable until you re-run; the re-run then replaces it and says whether it matched.'
  );
}

export function rerunningText(target: number): string {
  return `Re-running to event ${target} on the virtual clock…`;
}

const eventText = (e: TraceEvent) => `${KIND_NAMES[e.kind] ?? `kind ${e.kind}`} (id ${e.id}, ref ${e.ref})`;

/** The result of a re-run, from its check against the recording. */
export function outcomeText(o: RerunOutcome): string {
  const range = o.target > o.comparedFrom ? `events ${o.comparedFrom}–${o.target - 1}` : 'no events (the point is the start)';
  const used = o.unrepeatable.length ? unrepeatableText(o.unrepeatable) : '';
  switch (o.status) {
    case 'unavailable':
      return o.reason ?? 'This recording cannot be re-run.';
    case 'cancelled':
      return `The re-run was stopped before it reached event ${o.target}.`;
    case 'matched': {
      const where =
        o.pausedAt > o.target
          ? `The C++ loop is paused after the resume that contains event ${o.target} (at event ${o.pausedAt} of the re-run); the view shows event ${o.target}.`
          : `The C++ loop is paused at event ${o.target}.`;
      const lines =
        o.lines.count === 0
          ? 'like the recording, it printed nothing by then'
          : `its ${plural(o.lines.count, 'printed line')} ${o.lines.count === 1 ? 'is' : 'are'} the recording's first ${o.lines.count === 1 ? 'one' : o.lines.count}`;
      const caveat = used ? ` This run uses ${used}, so what follows may still differ from the recording.` : '';
      return (
        `Re-ran to event ${o.target} on the virtual clock: both loops are really there now, not a reconstruction. ${where} ` +
        `Checked against the recording: ${range} match (kind, id and ref of each), and ${lines}.${caveat} Step or Resume goes on from here.`
      );
    }
    case 'differs': {
      const cause = used
        ? `This run uses ${used}, so a re-run could not repeat it.`
        : 'Nothing this run used is known to differ between runs (JS timers, clock readings, Math.random), so this is unexpected: please report it with the snippet.';
      const now = `What you see now is the re-run, paused at event ${o.pausedAt}.`;
      const d = o.difference;
      if (d !== null) {
        const got = d.rerun === null ? `nothing (its trace ended after ${plural(d.index, 'event')})` : eventText(d.rerun);
        return `The re-run differs from the recording at event ${d.index}: recorded ${eventText(d.recorded)}, re-run ${got}. ${cause} ${now}`;
      }
      const at = o.lines.differsAt ?? 0;
      const quote = (l: { text: string } | undefined) => (l === undefined ? 'nothing' : JSON.stringify(l.text));
      return (
        `The re-run's C++ trace matches the recording up to event ${o.target}, but its printed line ${at + 1} differs: ` +
        `recorded ${quote(o.lines.recorded)}, re-run ${quote(o.lines.rerun)}. ${cause} ${now}`
      );
    }
  }
}
