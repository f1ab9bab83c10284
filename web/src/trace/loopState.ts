// The C++ loop's state rebuilt from core events alone, exactly as
// docs/trace-format.md "What can be rebuilt at any event index" says: the
// ready queue (FIFO replay), the timer heap (set adds, fired/cancelled remove,
// ordered by (deadline, id)), the running item, and each task's state.
// It is a pure value type with cheap clones, so the store can keep
// checkpoints and the scrubber can jump backwards without re-running anything.
import { Kind, Wait } from './format';

export type TaskStateName = 'ready' | 'running' | 'sleeping' | 'waiting' | 'done' | 'failed' | 'cancelled';

/** Immutable: replaced, never mutated, so a shallow Map copy is a full clone. */
export interface TaskRecord {
  readonly state: TaskStateName;
  /** For 'waiting'/'sleeping': the wait kind (Wait.*); 0 otherwise. */
  readonly waitKind: number;
  /** 'sleeping': the deadline (s); 'waiting': the awaited id, or 0. */
  readonly waitValue: number;
}

export interface TimerRecord {
  readonly id: number;
  readonly deadline: number; // loop seconds
  readonly owner: number; // sleeping task, or 0 for a callback timer
}

const READY: TaskRecord = { state: 'ready', waitKind: 0, waitValue: 0 };
const RUNNING: TaskRecord = { state: 'running', waitKind: 0, waitValue: 0 };
const DONE: TaskRecord = { state: 'done', waitKind: 0, waitValue: 0 };
const FAILED: TaskRecord = { state: 'failed', waitKind: 0, waitValue: 0 };
const CANCELLED: TaskRecord = { state: 'cancelled', waitKind: 0, waitValue: 0 };
// The talk's round-robin yields on every resume: one shared record, not one per yield.
const YIELDED: TaskRecord = { state: 'waiting', waitKind: Wait.yield, waitValue: 0 };

export class LoopState {
  /** Ready queue storage; the live queue is queue[head..]. */
  private queue: number[] = [];
  private head = 0;
  readonly timers = new Map<number, TimerRecord>();
  /** Tasks only (ids seen in task_spawned), in spawn order (Map keeps insertion order). */
  readonly tasks = new Map<number, TaskRecord>();
  /** Callbacks cancelled while still queued (skipped when popped). */
  readonly cancelledCallbacks = new Set<number>();
  running = 0;
  tick = 0;
  /** Absolute index of the next event this state expects. */
  index = 0;

  clone(): LoopState {
    const c = new LoopState();
    c.queue = this.queue.slice(this.head);
    c.head = 0;
    for (const [k, v] of this.timers) c.timers.set(k, v);
    for (const [k, v] of this.tasks) c.tasks.set(k, v);
    for (const k of this.cancelledCallbacks) c.cancelledCallbacks.add(k);
    c.running = this.running;
    c.tick = this.tick;
    c.index = this.index;
    return c;
  }

  get readyLength(): number {
    return this.queue.length - this.head;
  }

  /** The ready queue front to back; at most `limit` ids. */
  readyQueue(limit = Infinity): number[] {
    const end = Math.min(this.queue.length, this.head + limit);
    return this.queue.slice(this.head, end);
  }

  /** Pending timers in the loop's own (deadline, id) order; at most `limit`. */
  timerHeap(limit = Infinity): TimerRecord[] {
    const all = [...this.timers.values()].sort((a, b) => a.deadline - b.deadline || a.id - b.id);
    return limit < all.length ? all.slice(0, limit) : all;
  }

  isTask(id: number): boolean {
    return this.tasks.has(id);
  }

  apply(kind: number, id: number, ref: number, value: number): void {
    this.index++;
    switch (kind) {
      case Kind.tickBegin:
        this.tick = id;
        break;
      case Kind.taskSpawned:
        this.tasks.set(id, READY);
        break;
      case Kind.scheduled:
        this.queue.push(id);
        if (this.tasks.has(id)) this.tasks.set(id, READY);
        break;
      case Kind.resumeBegin:
        this.popFront(id);
        this.running = id;
        if (this.tasks.has(id)) this.tasks.set(id, RUNNING);
        break;
      case Kind.resumeEnd: {
        if (this.running === id) this.running = 0;
        this.cancelledCallbacks.delete(id);
        // A task that ended its resume without suspending or finishing was
        // rescheduled (its `scheduled` event comes first) or is still marked
        // running: that only happens with a truncated trace; leave it.
        break;
      }
      case Kind.suspended:
        if (ref === Wait.sleep) this.tasks.set(id, { state: 'sleeping', waitKind: ref, waitValue: value });
        else if (ref === Wait.yield && value === 0) this.tasks.set(id, YIELDED);
        else this.tasks.set(id, { state: 'waiting', waitKind: ref, waitValue: value });
        break;
      case Kind.timerSet:
        this.timers.set(id, { id, deadline: value, owner: ref });
        break;
      case Kind.timerFired:
      case Kind.timerCancelled:
        this.timers.delete(id);
        break;
      case Kind.taskDone:
        this.tasks.set(id, DONE);
        break;
      case Kind.taskFailed:
        this.tasks.set(id, FAILED);
        break;
      case Kind.taskCancelled:
        this.tasks.set(id, CANCELLED);
        break;
      case Kind.callbackCancelled:
        this.cancelledCallbacks.add(id);
        break;
      default:
        break; // tick_end and unknown kinds change nothing here
    }
  }

  private popFront(id: number): void {
    if (this.head < this.queue.length && this.queue[this.head] === id) {
      this.head++;
    } else {
      // The trace started mid-run (dropped events) or is inconsistent: remove
      // the id wherever it is rather than corrupting the rest of the queue.
      const at = this.queue.indexOf(id, this.head);
      if (at >= 0) this.queue.splice(at, 1);
    }
    // Compact now and then so a long run does not keep every popped id.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
