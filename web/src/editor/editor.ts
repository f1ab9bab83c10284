// The code editor the page talks to. It starts as a plain textarea, which is
// there at first paint and lets a learner (or an embed's autorun) run code
// before Monaco has loaded; `upgradeToMonaco` swaps Monaco in, keeping the text.
export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface EditorOptions {
  value: string;
  readOnly?: boolean;
  label?: string;
  /** The learner edited the text (not setValue: code the page sets is not the learner's). */
  onChange?(value: string): void;
}

export class CodeEditor {
  readonly host: HTMLElement;
  private textarea: HTMLTextAreaElement;
  private markerLine: HTMLElement;
  private monaco: MonacoHandle | null = null;
  private markers: EditorMarker[] = [];
  private upgrading: Promise<void> | null = null;
  private runGoing = false;

  constructor(
    parent: HTMLElement,
    private options: EditorOptions,
  ) {
    this.host = document.createElement('div');
    this.host.className = 'editor';
    this.textarea = document.createElement('textarea');
    this.textarea.className = 'plain-editor';
    this.textarea.spellcheck = false;
    this.textarea.value = options.value;
    this.textarea.readOnly = !!options.readOnly;
    this.textarea.setAttribute('aria-label', options.label ?? 'Code editor');
    this.textarea.addEventListener('input', () => options.onChange?.(this.textarea.value));
    this.textarea.addEventListener('keydown', (e) => {
      // Tab indents in the plain editor too; Esc then Tab leaves it (as in Monaco).
      if (e.key === 'Tab' && !e.shiftKey && !this.textarea.readOnly && !this.escaped) {
        e.preventDefault();
        document.execCommand('insertText', false, '  ');
      }
      this.escaped = e.key === 'Escape';
    });
    this.markerLine = document.createElement('div');
    this.markerLine.className = 'editor-marker';
    this.markerLine.setAttribute('role', 'status');
    this.host.append(this.textarea, this.markerLine);
    parent.append(this.host);
  }
  private escaped = false;

  get isMonaco() {
    return this.monaco !== null;
  }

  getValue(): string {
    return this.monaco ? this.monaco.getValue() : this.textarea.value;
  }

  setValue(value: string) {
    if (this.monaco) this.monaco.setValue(value);
    else this.textarea.value = value;
    this.setMarkers([]);
  }

  setReadOnly(readOnly: boolean) {
    this.options.readOnly = readOnly;
    this.textarea.readOnly = readOnly;
    this.monaco?.setReadOnly(readOnly);
  }

  /** A run is going (or no longer): Monaco's checker does not start while one is (see monaco.ts). */
  setRunGoing(going: boolean) {
    this.runGoing = going;
    this.monaco?.setRunGoing(going);
  }

  focus() {
    if (this.monaco) this.monaco.focus();
    else this.textarea.focus();
  }

  getMarkers(): EditorMarker[] {
    return this.markers;
  }

  /** Marks errors at their line and column (a syntax error from the sandbox). */
  setMarkers(markers: EditorMarker[]) {
    this.markers = markers;
    this.monaco?.setMarkers(markers);
    const first = markers[0];
    this.markerLine.textContent = first ? `Line ${first.line}, column ${first.column}: ${first.message}` : '';
    this.markerLine.hidden = !first;
    if (first && !this.monaco) this.selectAt(first.line, first.column);
    if (first) this.monaco?.reveal(first.line, first.column);
  }

  private selectAt(line: number, column: number) {
    const lines = this.textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += column - 1;
    this.textarea.setSelectionRange(offset, offset + 1);
  }

  /** Loads Monaco (once) and puts it in place of the textarea. */
  upgradeToMonaco(theme: 'light' | 'dark', keys: { run(): void; stop(): void }): Promise<void> {
    this.upgrading ??= import('./monaco').then(async ({ createMonaco }) => {
      const hadFocus = document.activeElement === this.textarea;
      const value = this.textarea.value;
      const mount = document.createElement('div');
      mount.className = 'monaco-host';
      this.host.insertBefore(mount, this.textarea);
      this.monaco = await createMonaco(mount, {
        value,
        readOnly: !!this.options.readOnly,
        theme,
        label: this.options.label ?? 'Code editor',
        onChange: (v) => this.options.onChange?.(v),
        ...keys,
      });
      this.textarea.hidden = true;
      this.monaco.setMarkers(this.markers);
      this.monaco.setRunGoing(this.runGoing);
      this.host.dataset.editor = 'monaco';
      if (hadFocus) this.monaco.focus();
    });
    return this.upgrading;
  }

  setTheme(theme: 'light' | 'dark') {
    this.monaco?.setTheme(theme);
  }
}

export interface MonacoHandle {
  getValue(): string;
  setValue(v: string): void;
  setReadOnly(r: boolean): void;
  setRunGoing(going: boolean): void;
  setMarkers(m: EditorMarker[]): void;
  reveal(line: number, column: number): void;
  focus(): void;
  setTheme(t: 'light' | 'dark'): void;
}
