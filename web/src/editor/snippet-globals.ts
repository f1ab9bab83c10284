// What a snippet sees besides the C++ loop's API: `print` and `now` are
// globals of every snippet (issue 3). When the bindings' looplab.d.ts is not
// in this checkout, `loop` is declared loosely so the editor does not flag it.
export function SNIPPET_GLOBALS_DTS(haveLooplabDts: boolean): string {
  return haveLooplabDts
    ? ''
    : `/** Loop Lab's C++ loop (the wasm runtime is not built in this checkout). */
declare const loop: any;
/** Prints a line, tagged with the loop that was running and the ms since the run began. */
declare function print(...values: unknown[]): void;
/** Seconds since the run began. */
declare function now(): number;
`;
}
