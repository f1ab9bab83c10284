// One runnable example: the talk's Python, the JavaScript that mirrors it line
// for line, what to watch for, and the printed lines it promises, in order,
// which the page tests and the "Predict the output" exercise both check.
export interface ExpectedLine {
  /** The line as shown to a learner (for a varying line, with a placeholder such as N). */
  text: string;
  /** A regular expression (source) the printed text must match, when it varies from run to run. */
  match?: string;
  /** Which loop prints it, when the example promises one. */
  loop?: 'cpp' | 'js';
  /** When it is due, in ms since the run began: it may come later, never earlier. */
  atMs?: number;
}

export interface Example {
  id: string;
  title: string;
  /** 'talk' follows the talk cell by cell; 'beyond' goes further. */
  part: 'talk' | 'beyond';
  /** The talk's own code for this step (Python, or the talk's JavaScript). */
  python: string;
  code: string;
  /** What to watch for, in one or two sentences. */
  watch: string;
  expected: ExpectedLine[];
  /** Uses `loop` (the C++ runtime in wasm). */
  usesCpp: boolean;
  /** The loops are blocked for at least this long (a busy-wait the page should show). */
  blocksMs?: number;
  /** Offer "Predict the output" for this example. */
  predict?: boolean;
  /** Headers under core/include/looplab/ that implement what it uses, most relevant first. */
  sources: string[];
}
