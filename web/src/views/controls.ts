// Pause, Step, speed and the scrubber. Pause/Step/speed act on the run
// through the runner's RunControl; the scrubber only moves through the
// recording (the views' own position), so stepping back never touches a loop.
// "Re-run to here" (where the page offers it, rerun.ts) runs the snippet again
// to the scrubbed point, so the loops themselves are there.
import type { RerunOutcome } from '../runner/replay';
import type { TraceStore } from '../trace/store';
import { plural } from './describe';
import type { RunControl } from './index';
import { beforeRerunText, canRerun, outcomeText, rerunningText } from './rerun';
import type { ViewState } from './viewState';

export const SPEEDS = [0.05, 0.1, 0.25, 0.5, 1] as const;

export class Controls {
  readonly el: HTMLElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly stepButton: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private readonly scrubber: HTMLInputElement;
  private readonly back: HTMLButtonElement;
  private readonly forward: HTMLButtonElement;
  private readonly live: HTMLButtonElement;
  private readonly position: HTMLElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly rerunNote: HTMLElement;
  /** The point a re-run is on its way to, or null. */
  private rerunning: number | null = null;
  /** The last re-run's result, shown until another run starts (store.runs moves on). */
  private outcome: { result: RerunOutcome; runs: number } | null = null;
  private drawn = '';

  constructor(
    private readonly store: TraceStore,
    private readonly view: ViewState,
    private readonly control: RunControl,
  ) {
    const el = document.createElement('div');
    el.className = 'll-controls';
    el.setAttribute('role', 'toolbar');
    el.setAttribute('aria-label', 'Run controls');
    this.el = el;

    this.pauseButton = button('Pause', 'Pause the C++ loop (the recording stays); pressed before Run, the run starts paused');
    this.pauseButton.setAttribute('aria-pressed', 'false');
    this.pauseButton.addEventListener('click', () => this.togglePause());
    this.stepButton = button('Step', 'Pause, then resume exactly one C++ task or callback');
    this.stepButton.addEventListener('click', () => this.step());

    const speedLabel = document.createElement('label');
    speedLabel.className = 'll-speed';
    speedLabel.append('Speed ');
    this.speed = document.createElement('select');
    for (const f of SPEEDS) {
      const o = document.createElement('option');
      o.value = String(f);
      o.textContent = `${f}x`;
      this.speed.append(o);
    }
    this.speed.value = '1';
    this.speed.addEventListener('change', () => {
      const factor = Number(this.speed.value);
      view.speed = factor;
      control.setSpeed(factor);
      view.changed();
    });
    speedLabel.append(this.speed);

    this.back = button('Back', 'Show the recording one resume earlier');
    this.back.addEventListener('click', () => view.scrubTo(store.previousResume(view.at)));
    this.forward = button('Forward', 'Show the recording one resume later');
    this.forward.addEventListener('click', () => view.scrubTo(store.nextResume(view.at)));
    const scrubLabel = document.createElement('label');
    scrubLabel.className = 'll-scrub';
    scrubLabel.append('Recording ');
    this.scrubber = document.createElement('input');
    this.scrubber.type = 'range';
    this.scrubber.min = '0';
    this.scrubber.max = '0';
    this.scrubber.step = '1';
    this.scrubber.setAttribute('aria-label', 'Scrub through the recording');
    this.scrubber.addEventListener('input', () => {
      const v = Number(this.scrubber.value);
      view.scrubTo(v >= store.endIndex ? null : v);
    });
    scrubLabel.append(this.scrubber);
    this.live = button('Live', 'Follow the end of the recording');
    this.live.addEventListener('click', () => view.scrubTo(null));
    this.position = document.createElement('output');
    this.position.className = 'll-position';
    this.position.setAttribute('aria-live', 'polite');

    this.rerunButton = button(
      'Re-run to here',
      'Run the snippet again from the start on the virtual clock and pause it at the point shown, so Step and Resume go on from there',
    );
    this.rerunButton.addEventListener('click', () => this.rerun());
    this.rerunButton.hidden = !canRerun(control);
    this.rerunNote = document.createElement('p');
    this.rerunNote.className = 'll-rerun-note';
    this.rerunNote.setAttribute('role', 'status');

    el.append(
      this.pauseButton,
      this.stepButton,
      speedLabel,
      this.back,
      scrubLabel,
      this.forward,
      this.live,
      this.position,
      this.rerunButton,
      this.rerunNote,
    );
  }

  /** Re-runs the snippet to the shown point; the result shows in the note, and the view then shows that point of the re-run. */
  rerun(): void {
    const { control, view } = this;
    if (!canRerun(control) || this.rerunning !== null) return;
    const target = view.at;
    this.rerunning = target;
    this.outcome = null;
    view.changed();
    const pending = control.rerunTo(target);
    const runs = this.store.runs; // the re-run's own: rerunTo started it
    void pending.then((result) => {
      this.rerunning = null;
      // A re-run cancelled by a new Run has nothing to say about that run.
      if (this.store.runs === runs) this.outcome = { result, runs };
      // A re-run that matched is shown at the point asked for; one that
      // differs is shown where it is (its live end), as its note says.
      if (result.status === 'matched') view.scrubTo(result.target);
      else if (result.status === 'differs') view.scrubTo(null);
      view.changed();
    });
  }

  togglePause(): void {
    if (this.view.paused) this.control.resume();
    else this.control.pause();
    this.view.paused = !this.view.paused;
    this.view.changed();
  }

  step(): void {
    if (!this.view.paused) {
      this.control.pause();
      this.view.paused = true;
    }
    this.control.step();
    // The step's result arrives as a trace batch: show the live end.
    this.view.scrubTo(null);
  }

  draw(): void {
    const { store, view } = this;
    const paused = view.paused;
    const at = view.at;
    const live = view.position === null;
    const rerun = this.rerunState(live);
    // Runs every frame: write only what changed (reading DOM state back would cost a style pass).
    const key = `${paused}|${store.firstIndex}|${store.endIndex}|${at}|${live}|${view.speed}|${store.clock}|${rerun.state}|${rerun.note}|${rerun.enabled}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.rerunButton.disabled = !rerun.enabled;
    this.rerunNote.textContent = rerun.note;
    this.rerunNote.hidden = rerun.note === '';
    this.rerunNote.dataset.state = rerun.state;
    // The result's figures, for tests and tools that read the page.
    const result = this.outcome?.result;
    if (result !== undefined) {
      this.rerunNote.dataset.target = String(result.target);
      this.rerunNote.dataset.pausedAt = String(result.pausedAt);
      this.rerunNote.dataset.lines = String(result.lines.count);
    } else {
      delete this.rerunNote.dataset.target;
      delete this.rerunNote.dataset.pausedAt;
      delete this.rerunNote.dataset.lines;
    }
    this.el.dataset.rerun = rerun.state;
    // A re-run on its way runs its recorded turns, then pauses by itself: Pause and Step wait for it.
    this.pauseButton.disabled = this.rerunning !== null;
    this.stepButton.disabled = this.rerunning !== null;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.scrubber.min = String(store.firstIndex);
    this.scrubber.max = String(store.endIndex);
    this.scrubber.value = String(at);
    this.scrubber.setAttribute('aria-valuetext', `event ${at} of ${store.endIndex}${live ? ' (live)' : ''}`);
    this.back.disabled = at <= store.firstIndex;
    this.forward.disabled = live;
    this.live.setAttribute('aria-pressed', String(live));
    this.position.textContent = live ? `Live: ${plural(store.endIndex, 'event')}` : `Event ${at} of ${store.endIndex}`;
    this.el.dataset.position = live ? 'live' : String(at);
    this.el.dataset.paused = String(paused);
    this.el.dataset.speed = String(view.speed);
    // Slow motion needs the virtual clock: on a real-clock run a speed cannot
    // act on this run, so the control says it is for the next one (which the
    // page then runs on the virtual clock). It stays usable: a choice is never lost.
    const real = store.clock === 'real';
    this.speed.title = real
      ? 'Slow motion needs the virtual clock: a speed chosen now applies from the next run, on the virtual clock'
      : "Slow motion of the C++ loop on the virtual clock (the JS loop's timers keep real time)";
  }

  /** What the re-run button and its note show now. */
  private rerunState(live: boolean): { state: string; note: string; enabled: boolean } {
    const { control, store } = this;
    if (!canRerun(control)) return { state: 'none', note: '', enabled: false };
    if (this.rerunning !== null) return { state: 'running', note: rerunningText(this.rerunning), enabled: false };
    if (this.outcome !== null && this.outcome.runs !== store.runs) this.outcome = null; // another run began
    const check = control.rerunCheck();
    const enabled = check.ok && !live;
    if (this.outcome !== null) return { state: this.outcome.result.status, note: outcomeText(this.outcome.result), enabled };
    if (live) return { state: 'none', note: '', enabled };
    if (!check.ok) return { state: 'unavailable', note: beforeRerunText(check), enabled };
    return { state: check.unrepeatable.length ? 'may-differ' : 'ready', note: beforeRerunText(check), enabled };
  }

  /** The runner's word on whether the run is paused (from the sandbox's `state`). */
  setPaused(paused: boolean): void {
    this.view.paused = paused;
  }
}

function button(text: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  return b;
}
