// Entry point of the views (docs/architecture.md section 4): the runner calls
// mountViews once with the page's container, the run's TraceStore and its
// RunControl. Everything drawn comes from the store; nothing here talks to a
// runtime.
import type { TraceStore } from '../trace/store';

export interface RunControl {
  pause(): void;
  resume(): void;
  step(): void;
  setSpeed(factor: number): void;
}

export interface ViewsHandle {
  /** Removes the views and stops listening to the store. */
  unmount(): void;
}

export function mountViews(root: HTMLElement, store: TraceStore, control: RunControl): ViewsHandle {
  void control;
  const timeline = region('Timeline');
  const inspector = region('Loop inspector');
  const log = document.createElement('section');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-label', 'Event log');
  root.append(timeline, inspector, log);
  let frame = 0;
  const draw = (): void => {
    frame = 0;
    timeline.textContent = `${store.length} core events, ${store.jsEventCount} JS events`;
  };
  const unsubscribe = store.subscribe(() => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  });
  draw();
  return {
    unmount(): void {
      unsubscribe();
      if (frame !== 0) cancelAnimationFrame(frame);
      timeline.remove();
      inspector.remove();
      log.remove();
    },
  };
}

function region(name: string): HTMLElement {
  const el = document.createElement('section');
  el.setAttribute('aria-label', name);
  return el;
}
