// What the learner is looking at, shared by every view: which point of the
// recording (live, or a scrubbed event index), which span of time the
// timeline shows, and which task is open in the inspector.
import type { TraceStore } from '../trace/store';

export class ViewState {
  /** null: follow the live end of the recording; else an absolute core event index. */
  position: number | null = null;
  /** Timeline span in ms since the run began; `follow` fits the whole run. */
  follow = true;
  viewStartMs = 0;
  viewEndMs = 1000;
  selectedTask = 0;
  paused = false;
  speed = 1;
  private listeners = new Set<() => void>();

  constructor(private readonly store: TraceStore) {}

  /** The event index the inspector and the log show. */
  get at(): number {
    return this.position ?? this.store.endIndex;
  }

  /** The time of the shown point on the ms axis (the last event applied). */
  get atMs(): number {
    const s = this.store;
    if (this.position === null) return s.index.endMs;
    return this.at > s.firstIndex ? s.msAt(this.at - 1) : 0;
  }

  scrubTo(index: number | null): void {
    const s = this.store;
    this.position = index === null || index >= s.endIndex ? null : Math.max(s.firstIndex, Math.floor(index));
    this.changed();
  }

  setView(startMs: number, endMs: number): void {
    const span = Math.max(0.05, endMs - startMs);
    this.viewStartMs = startMs;
    this.viewEndMs = startMs + span;
    this.follow = false;
    this.changed();
  }

  fit(): void {
    this.follow = true;
    this.changed();
  }

  select(task: number): void {
    this.selectedTask = task;
    this.changed();
  }

  reset(): void {
    this.position = null;
    this.paused = false; // a new run starts running
    this.follow = true;
    this.selectedTask = 0;
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }
}
