// The errors the C++ loop delivers into a task, as JavaScript errors. They
// carry asyncio's names, so a learner who catches one reads what happened.

import { clipText } from './format.js';

/** Thrown into a task at its `yield` when the task (or what it waits on) is cancelled. */
export class CancelledError extends Error {
  constructor(message = 'the task was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Thrown by `loop.waitFor` when the time is up. */
export class TimeoutError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The runtime cannot continue (a wasm trap or out of memory): the run ends. */
export class RuntimeFailure extends Error {
  constructor(message, cause) {
    super(message, { cause });
    this.name = 'RuntimeFailure';
  }
}

/** The message of anything a snippet can throw (not only Errors). */
export function messageOf(e) {
  try {
    // Cut to MAX_TEXT_CHARS: what the runtime keeps (in the trace, and for the host) stays small.
    if (e instanceof Error) return clipText(`${e.name}: ${e.message}`);
    if (typeof e === 'string') return clipText(e);
    return clipText(`uncaught ${typeof e === 'object' ? 'value' : typeof e}: ${String(e)}`);
  } catch {
    return 'an error that cannot be printed';
  }
}

export function stackOf(e) {
  try {
    return e instanceof Error && typeof e.stack === 'string' ? e.stack : undefined;
  } catch {
    return undefined;
  }
}
