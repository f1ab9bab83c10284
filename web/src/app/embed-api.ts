// The postMessage API for host pages (documented in the README):
//   to the frame:   {type: 'looplab:set-code', code}, {type: 'looplab:run'}, {type: 'looplab:stop'}
//   from the frame: {type: 'looplab:output', loop, ms, text}, {type: 'looplab:done', status},
//                   {type: 'looplab:resize', height}
// Messages of the wrong shape are ignored with a console warning, never thrown.
export type HostCommand = { type: 'looplab:set-code'; code: string } | { type: 'looplab:run' } | { type: 'looplab:stop' };

export function parseHostCommand(data: unknown): HostCommand | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.type === 'looplab:set-code') return typeof m.code === 'string' ? { type: m.type, code: m.code } : null;
  if (m.type === 'looplab:run' || m.type === 'looplab:stop') return { type: m.type };
  return null;
}

export function listenToHost(handlers: { setCode(code: string): void; run(): void; stop(): void }) {
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || window.parent === window) return;
    // The sandbox frame's own protocol is not for us.
    if (typeof e.data === 'object' && e.data !== null && (e.data as { source?: unknown }).source === 'looplab-sandbox') return;
    const cmd = parseHostCommand(e.data);
    if (!cmd) {
      console.warn('Loop Lab embed: ignored a message of the wrong shape (see the README for the API)', e.data);
      return;
    }
    if (cmd.type === 'looplab:set-code') handlers.setCode(cmd.code);
    else if (cmd.type === 'looplab:run') handlers.run();
    else handlers.stop();
  });
}

export function tellHost(message: Record<string, unknown> & { type: string }) {
  if (window.parent !== window) window.parent.postMessage(message, '*');
}

/**
 * Tells the host how tall the content is, whenever it changes. The first
 * report comes from the observer's first callback (it always reports once
 * after the first layout), not from reading the height now, which would force
 * a layout while the page is still starting and its sandbox is on the way.
 */
export function reportHeight() {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      tellHost({ type: 'looplab:resize', height });
    }
  }).observe(document.body);
}
