// Pause, Step, speed and the scrubber. Pause/Step/speed act on the run
// through the runner's RunControl; the scrubber only moves through the
// recording (the views' own position), so stepping back never touches a loop.
import type { TraceStore } from '../trace/store';
import type { RunControl } from './index';
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

    el.append(this.pauseButton, this.stepButton, speedLabel, this.back, scrubLabel, this.forward, this.live, this.position);
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
    // Runs every frame: write only what changed (reading DOM state back would cost a style pass).
    const key = `${paused}|${store.firstIndex}|${store.endIndex}|${at}|${live}|${view.speed}|${store.clock}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.scrubber.min = String(store.firstIndex);
    this.scrubber.max = String(store.endIndex);
    this.scrubber.value = String(at);
    this.scrubber.setAttribute('aria-valuetext', `event ${at} of ${store.endIndex}${live ? ' (live)' : ''}`);
    this.back.disabled = at <= store.firstIndex;
    this.forward.disabled = live;
    this.live.setAttribute('aria-pressed', String(live));
    this.position.textContent = live ? `Live: ${store.endIndex} events` : `Event ${at} of ${store.endIndex}`;
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
