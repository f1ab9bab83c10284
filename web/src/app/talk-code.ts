// The talk's code beside the editor, wrapped the way Monaco wraps the editor's
// lines (wrappingIndent: 'indent'): a line too long for its column goes on
// indented past where it started. The column is a third of the lesson's width,
// so at a laptop's 1,400 px most of the talk's Python did not fit: cut off, it
// hid the ends of lines; wrapped back to the margin, a continuation read like
// a line of its own, which in Python changes what the code means.
//
// Each line is one block whose text is the line as it is, leading spaces kept,
// so selecting and copying the code gives the talk's code exactly.

/** How far a wrapped line's continuation goes past the line's own indent, in characters. */
const CONTINUATION_INDENT = 4;

/** The width of a line's leading whitespace in characters (a tab as 4). */
function indentOf(line: string): number {
  let width = 0;
  for (const c of line) {
    if (c === ' ') width += 1;
    else if (c === '\t') width += 4;
    else break;
  }
  return width;
}

/** Shows `code` in `host` (a <code> in a <pre>), one block per line. */
export function showTalkCode(host: HTMLElement, code: string): void {
  const lines = code.split('\n');
  host.replaceChildren(
    ...lines.map((line) => {
      const block = document.createElement('span');
      block.className = 'talk-line';
      // The first row starts at the margin with the line's own spaces; the rest start past them.
      const hang = indentOf(line) + CONTINUATION_INDENT;
      block.style.paddingInlineStart = `${hang}ch`;
      block.style.textIndent = `-${hang}ch`;
      block.textContent = line === '' ? '\n' : line;
      return block;
    }),
  );
}
