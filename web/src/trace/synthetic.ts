// A stand-in for the C++ loop at the trace level: it writes the events the
// real loop writes (docs/trace-format.md) for scripted tasks and callbacks,
// on a virtual clock with one tick per animation frame. Tests, the rendering
// benchmark and the views' demo use it, so the views can be built and checked
// before (and independently of) the runtime. It models asyncio's tick: fire
// due timers, then run the items that were ready when the tick began, within
// the frame's budget.
import { TraceBuilder } from './builder';
import { JS_TIMER_APIS, Kind, Reason, Wait, type JsApi, type JsTraceEvent, type TraceBatch } from './format';

/** One resume of a scripted task: run for `runMs`, then suspend or finish. */
export interface Step {
  runMs: number;
  then: 'yield' | 'done' | 'fail' | { sleepS: number } | { awaitTask: number };
}

interface SimTask {
  name: string;
  steps: Step[];
  at: number;
}

export interface SyntheticOptions {
  frameMs?: number; // default 1000 / 60
  budgetMs?: number; // default 8; 0 = unbounded
}

export class SyntheticLoop {
  readonly frameMs: number;
  readonly budgetMs: number;
  /** The loop clock, seconds. */
  now = 0;
  private nextId = 1;
  private tick = 0;
  private frame = 0;
  private ready: number[] = [];
  private timers: { id: number; deadline: number; owner: number }[] = [];
  private tasks = new Map<number, SimTask>();
  private callbacks = new Map<number, number>(); // id -> run ms
  private waiters = new Map<number, number[]>(); // awaited task -> waiting tasks
  private readonly out = new TraceBuilder();

  constructor(options: SyntheticOptions = {}) {
    this.frameMs = options.frameMs ?? 1000 / 60;
    this.budgetMs = options.budgetMs ?? 8;
  }

  spawn(name: string, steps: Step[], parent = 0): number {
    const id = this.nextId++;
    this.tasks.set(id, { name, steps, at: 0 });
    this.out.name(id, name);
    this.out.event(this.now, Kind.taskSpawned, id, parent);
    this.schedule(id, Reason.spawn);
    return id;
  }

  /** A callback timer (`call_later`): one id for the timer and its callback. */
  callLater(delayS: number, runMs: number): number {
    const id = this.nextId++;
    this.callbacks.set(id, runMs);
    this.setTimer(id, this.now + delayS, 0);
    return id;
  }

  callSoon(runMs: number): number {
    const id = this.nextId++;
    this.callbacks.set(id, runMs);
    this.schedule(id, Reason.callSoon);
    return id;
  }

  idle(): boolean {
    return this.ready.length === 0 && this.timers.length === 0;
  }

  /** Runs one frame's tick (at most `maxResumes` resumes) and returns its batch. */
  frameTick(maxResumes = Infinity): TraceBatch {
    this.frame++;
    const frameStart = (this.frame * this.frameMs) / 1000;
    // A busy frame (a long resume) pushes the clock past the frame's own start.
    this.now = Math.max(this.now, frameStart);
    const tickStart = this.now;
    const wallMs = tickStart * 1000;
    const tick = ++this.tick;
    const budget = this.budgetMs / 1000;
    this.out.event(this.now, Kind.tickBegin, tick, 0, budget);
    this.timers.sort((a, b) => a.deadline - b.deadline || a.id - b.id);
    while (this.timers.length > 0 && (this.timers[0]?.deadline ?? Infinity) <= this.now) {
      const t = this.timers.shift();
      if (t === undefined) break;
      this.out.event(this.now, Kind.timerFired, t.id, 0, t.deadline);
      this.schedule(t.owner !== 0 ? t.owner : t.id, Reason.timerFired);
    }
    let resumes = 0;
    const readyAtStart = this.ready.length;
    while (resumes < readyAtStart && resumes < maxResumes) {
      if (budget > 0 && resumes > 0 && this.now - tickStart >= budget) break;
      const id = this.ready.shift();
      if (id === undefined) break;
      resumes++;
      this.resume(id);
    }
    const next = this.timers.reduce((m, t) => Math.min(m, t.deadline), Infinity);
    this.out.event(this.now, Kind.tickEnd, tick, resumes, next);
    return this.out.batch(wallMs, tickStart);
  }

  /** Ticks until nothing is ready and no timer is pending (or `maxFrames`). */
  runUntilIdle(maxFrames = 100_000): TraceBatch[] {
    const batches: TraceBatch[] = [];
    while (!this.idle() && batches.length < maxFrames) batches.push(this.frameTick());
    return batches;
  }

  private resume(id: number): void {
    this.out.event(this.now, Kind.resumeBegin, id);
    const task = this.tasks.get(id);
    if (task === undefined) {
      this.now += (this.callbacks.get(id) ?? 0) / 1000;
      this.out.event(this.now, Kind.resumeEnd, id);
      return;
    }
    const step = task.steps[task.at++] ?? { runMs: 0, then: 'done' as const };
    this.now += step.runMs / 1000;
    const then = step.then;
    if (then === 'yield') {
      this.out.event(this.now, Kind.suspended, id, Wait.yield, 0);
      this.schedule(id, Reason.yield);
    } else if (then === 'done' || then === 'fail') {
      if (then === 'done') this.out.event(this.now, Kind.taskDone, id);
      else this.out.error(id, `${task.name} failed`).event(this.now, Kind.taskFailed, id);
      for (const w of this.waiters.get(id) ?? []) this.schedule(w, Reason.awaitedCompleted);
      this.waiters.delete(id);
    } else if ('sleepS' in then) {
      const deadline = this.now + then.sleepS;
      this.setTimer(this.nextId++, deadline, id);
      this.out.event(this.now, Kind.suspended, id, Wait.sleep, deadline);
    } else {
      this.out.event(this.now, Kind.suspended, id, Wait.task, then.awaitTask);
      const list = this.waiters.get(then.awaitTask) ?? [];
      list.push(id);
      this.waiters.set(then.awaitTask, list);
    }
    this.out.event(this.now, Kind.resumeEnd, id);
  }

  private schedule(id: number, reason: number): void {
    this.ready.push(id);
    this.out.event(this.now, Kind.scheduled, id, reason);
  }

  private setTimer(id: number, deadline: number, owner: number): void {
    this.timers.push({ id, deadline, owner });
    this.out.event(this.now, Kind.timerSet, id, owner, deadline);
  }
}

/** The JS events of one timer or callback that was scheduled, ran, and ended. */
export function jsCallback(
  api: JsApi,
  id: number,
  scheduledMs: number,
  startMs: number,
  runMs: number,
  options: { delayMs?: number; label?: string } = {},
): JsTraceEvent[] {
  const timer = JS_TIMER_APIS.has(api);
  const deadline = timer ? { deadlineMs: scheduledMs + (options.delayMs ?? 0) } : {};
  const label = options.label !== undefined ? { label: options.label } : {};
  const delay = timer ? { delayMs: options.delayMs ?? 0 } : {};
  return [
    { kind: 'js', api, phase: 'scheduled', id, ms: scheduledMs, ...delay, ...deadline, ...label },
    { kind: 'js', api, phase: 'run_begin', id, ms: startMs, ...deadline, ...label },
    { kind: 'js', api, phase: 'run_end', id, ms: startMs + runMs },
  ];
}
