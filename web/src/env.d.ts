// Modules that only exist at build time (see web/vite.config.ts).
declare module 'virtual:looplab-bindings' {
  /** The bindings' createRuntime (docs/architecture.md section 2), or undefined when they are not built. */
  export const createRuntime: unknown;
}
