// Turns the learner's text into a function, and maps errors back to the
// learner's own line numbers. The browser reports a syntax error without a
// position, so acorn locates it; runtime stacks name the snippet through
// `//# sourceURL`, one header line above the learner's first line.
import { parse, type Program } from 'acorn';

export const SNIPPET_FILE = 'snippet.js';
/** The parameters a snippet sees as globals (the runtime's `globals` plus `now`). */
export const SNIPPET_GLOBALS = ['loop', 'print', 'now'] as const;

export type SnippetFn = (...globals: unknown[]) => Promise<void>;

export type Compiled =
  | { ok: true; fn: SnippetFn }
  | { ok: false; message: string; line: number; column: number };

/**
 * Compiles the snippet as the body of an async function, so top-level `await`
 * works, with `loop`, `print` and `now` as its parameters.
 */
export function compileSnippet(code: string): Compiled {
  const source = `(async function (${SNIPPET_GLOBALS.join(', ')}) {\n${code}\n})\n//# sourceURL=${SNIPPET_FILE}`;
  try {
    return { ok: true, fn: (0, eval)(source) as SnippetFn };
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return { ok: false, ...locateSyntaxError(code, e.message) };
  }
}

/** Where acorn finds the error; its message adds the position, the browser's does not. */
export function locateSyntaxError(code: string, fallback: string) {
  try {
    const program = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      locations: true,
    });
    // Parsed alone the snippet is fine, so the error is in how it is wrapped:
    // a top-level `let`, `const` or `class` named like a parameter of the
    // wrapper (loop, print, now) redeclares it.
    const clash = globalRedeclared(program);
    if (clash) return clash;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    if (loc) {
      const message = (e as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
      return { message: `SyntaxError: ${message}`, line: loc.line, column: loc.column + 1 };
    }
  }
  return { message: `SyntaxError: ${fallback}`, line: 1, column: 1 };
}

/** SNIPPET_GLOBALS in words: "loop, print and now". */
const GLOBALS_TEXT = `${SNIPPET_GLOBALS.slice(0, -1).join(', ')} and ${SNIPPET_GLOBALS.at(-1)}`;

/** A top-level lexical declaration of one of SNIPPET_GLOBALS, as the error to report; null if none. */
function globalRedeclared(program: Program) {
  for (const statement of program.body) {
    const ids =
      statement.type === 'VariableDeclaration' && statement.kind !== 'var'
        ? statement.declarations.map((d) => d.id)
        : statement.type === 'ClassDeclaration' && statement.id
          ? [statement.id]
          : [];
    for (const id of ids) {
      if (id.type !== 'Identifier' || !(SNIPPET_GLOBALS as readonly string[]).includes(id.name) || !id.loc) continue;
      return {
        message: `SyntaxError: '${id.name}' is already declared (every snippet is given ${GLOBALS_TEXT}: call yours something else)`,
        line: id.loc.start.line,
        column: id.loc.start.column + 1,
      };
    }
  }
  return null;
}

const FRAME = new RegExp(`${SNIPPET_FILE.replace('.', '\\.')}:(\\d+):(\\d+)`, 'g');

/** The stack with the learner's line numbers, keeping only the learner's frames. */
export function mapStack(stack: string | undefined): { stack?: string; line?: number; column?: number } {
  if (!stack) return {};
  let line: number | undefined;
  let column: number | undefined;
  const lines = stack.split('\n');
  const kept = lines.filter((l, i) => i === 0 || l.includes(SNIPPET_FILE));
  const mapped = kept
    .map((l, i) =>
      i === 0
        ? l
        : l.replace(FRAME, (_m, ln: string, col: string) => {
            const learnerLine = Math.max(1, Number(ln) - 1);
            if (line === undefined) {
              line = learnerLine;
              column = Number(col);
            }
            return `line ${learnerLine}:${col}`;
          }),
    )
    .map((l) =>
      l
        .replace(/\(eval at [^)]*\), /, '')
        // the snippet's own top level is the compiled wrapper function
        .replace(/\bat (async )?(Object\.)?eval( \[as fn\])? \(/, 'at $1the top level ('),
    );
  return { stack: mapped.join('\n'), line, column };
}
