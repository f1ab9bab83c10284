// Encodes core events into TraceBatch objects exactly as the bindings hand
// them over (docs/trace-format.md, "The batch handed to JavaScript"). Tests,
// the benchmark and the synthetic demo use it to feed the views without a
// runtime.
import { TRACE_FORMAT_VERSION, type TraceBatch } from './format';

export class TraceBuilder {
  private f64: number[] = [];
  private u32: number[] = [];
  private names: [number, string][] = [];
  private errors: [number, string][] = [];
  private frame = 0;

  /** Adds one core event (time in loop seconds). */
  event(time: number, kind: number, id: number, ref = 0, value = 0): this {
    this.f64.push(time, value);
    this.u32.push(kind, id, ref);
    return this;
  }

  name(id: number, name: string): this {
    this.names.push([id, name]);
    return this;
  }

  error(id: number, message: string): this {
    this.errors.push([id, message]);
    return this;
  }

  get pending(): number {
    return this.f64.length / 2;
  }

  /** Drains what was added into one batch of a frame whose tick began at `wallMs` / `loopTime`. */
  batch(wallMs: number, loopTime: number, dropped = 0): TraceBatch {
    const b: TraceBatch = {
      version: TRACE_FORMAT_VERSION,
      frame: ++this.frame,
      wallMs,
      loopTime,
      count: this.f64.length / 2,
      f64: Float64Array.from(this.f64),
      u32: Uint32Array.from(this.u32),
      names: this.names,
      errors: this.errors,
      dropped,
    };
    this.f64 = [];
    this.u32 = [];
    this.names = [];
    this.errors = [];
    return b;
  }
}
