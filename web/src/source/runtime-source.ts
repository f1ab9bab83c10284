// The "Runtime source" view: the C++ of core/include/looplab/ (the talk's
// models under talk/ and the real loop), bundled read-only at build time so a
// learner can read the machinery as the talk shows its Python. Each file is
// its own lazy chunk, loaded when it is shown.
const files = import.meta.glob<string>('../../../core/include/looplab/**/*.hpp', {
  query: '?raw',
  import: 'default',
});

const PREFIX = '../../../core/include/looplab/';
export const SOURCE_FILES = Object.keys(files)
  .map((k) => k.slice(PREFIX.length))
  .sort();

export class RuntimeSourceView {
  readonly element: HTMLElement;
  private select: HTMLSelectElement;
  private code: HTMLElement;
  private note: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('section');
    this.element.className = 'runtime-source';
    this.element.setAttribute('aria-label', 'Runtime source');
    const label = document.createElement('label');
    label.textContent = 'C++ file ';
    this.select = document.createElement('select');
    label.append(this.select);
    this.note = document.createElement('p');
    this.note.className = 'hint';
    const pre = document.createElement('pre');
    pre.className = 'source-code';
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', 'C++ source (read-only)');
    this.code = document.createElement('code');
    pre.append(this.code);
    this.element.append(label, this.note, pre);
    parent.append(this.element);
    this.select.addEventListener('change', () => void this.show(this.select.value));
    this.setFocus([]);
  }

  /** Lists the files an example uses first (by path fragments), then the rest. */
  setFocus(fragments: string[]) {
    const used = SOURCE_FILES.filter((f) => fragments.some((frag) => f.includes(frag)));
    const rest = SOURCE_FILES.filter((f) => !used.includes(f));
    this.select.replaceChildren();
    const group = (name: string, list: string[]) => {
      if (!list.length) return;
      const g = document.createElement('optgroup');
      g.label = name;
      for (const f of list) g.append(new Option(f, f));
      this.select.append(g);
    };
    group('Used by this example', used);
    group(used.length ? 'The rest of the runtime' : 'The runtime', rest);
    this.note.textContent = SOURCE_FILES.length
      ? 'Read-only: the C++20 runtime this page runs, compiled to WebAssembly. talk/ holds the talk\'s models in C++.'
      : 'The C++ sources were not in this build.';
    if (SOURCE_FILES.length) void this.show(this.select.value);
  }

  async show(file: string) {
    const load = files[PREFIX + file];
    if (!load) return;
    this.select.value = file;
    this.code.textContent = await load();
  }
}
