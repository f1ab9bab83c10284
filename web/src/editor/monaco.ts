// Monaco, loaded lazily (it is most of the page's weight): only the editor
// core, the JavaScript language and the TypeScript feature (IntelliSense for
// JavaScript), with the snippet API of wasm_bindings/looplab.d.ts as an extra
// lib so completions, hovers and signature help know `loop`, `print`, `now`.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import * as ts from 'monaco-editor/languages/features/typescript/register';
import { conf as jsConf, language as jsLanguage } from 'monaco-editor/languages/definitions/javascript/javascript';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import type { EditorMarker, MonacoHandle } from './editor';
import { SNIPPET_GLOBALS_DTS } from './snippet-globals';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

// The bindings' declarations, when this checkout has them.
const dts = import.meta.glob<string>('../../../wasm_bindings/looplab.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const looplabDts = Object.values(dts)[0];

/**
 * The snippet's language until the learner first touches the editor:
 * JavaScript's colours and brackets without the TypeScript checker. Monaco
 * starts the checker's worker as soon as a model is 'javascript', and its
 * first program (the es2022 and webworker libs, the snippet API) and checks
 * took ~1.9 s of a core here (CDP trace of its worker). A learner who opened a
 * link and pressed Run shared the CPU with it (the run's first frames on the
 * page, bench/page/page-tasks.mjs); one who never edits never needs it.
 */
const UNCHECKED_JS = 'looplab-javascript-unchecked';

/**
 * The checker starts this long after the learner first touches the editor,
 * and not while a run is going: then it starts this long after the run ends.
 * A learner who clicks into the code, changes a number and presses Run at
 * once would otherwise share the CPU with the checker's first program for
 * the whole run (bench/page/page-tasks.mjs, Run right after typing). The
 * wait is after the run's end too, so the checker's start does not land on
 * the frames that draw it (as the sandbox's spare worker waits, frame.js).
 */
const CHECK_AFTER_MS = 300;
/** Nor does a run hold it for ever: a learner editing during a long run gets it after this long. */
const RUN_HOLDS_AT_MOST_MS = 5000;

let configured = false;
function configure() {
  if (configured) return;
  configured = true;
  monaco.languages.register({ id: UNCHECKED_JS });
  monaco.languages.setLanguageConfiguration(UNCHECKED_JS, jsConf);
  monaco.languages.setMonarchTokensProvider(UNCHECKED_JS, jsLanguage);
  const js = ts.javascriptDefaults;
  js.setCompilerOptions({
    ...js.getCompilerOptions(),
    target: ts.ScriptTarget.ES2020,
    allowJs: true,
    checkJs: true,
    allowNonTsExtensions: true,
    lib: ['es2022', 'webworker'],
  });
  js.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  if (looplabDts) js.addExtraLib(looplabDts, 'file:///looplab.d.ts');
  js.addExtraLib(SNIPPET_GLOBALS_DTS(!!looplabDts), 'file:///snippet-globals.d.ts');
}

export async function createMonaco(
  mount: HTMLElement,
  o: {
    value: string;
    readOnly: boolean;
    theme: 'light' | 'dark';
    label: string;
    onChange(v: string): void;
    run(): void;
    stop(): void;
  },
): Promise<MonacoHandle> {
  configure();
  const model = monaco.editor.createModel(o.value, UNCHECKED_JS, monaco.Uri.parse('file:///snippet.js'));
  const editor = monaco.editor.create(mount, {
    model,
    readOnly: o.readOnly,
    theme: o.theme === 'dark' ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    wordWrap: 'on',
    ariaLabel: o.label,
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
  });
  // An edit, not setValue (a flush), as the plain editor's input event: the
  // page saves the learner's code on change, and code it sets (a link) is not theirs.
  model.onDidChangeContent((e) => {
    if (!e.isFlush) o.onChange(model.getValue());
  });
  // The checker starts after the learner's first focus, pointer over the
  // editor or edit (completions, hovers and squiggles all come from it); code
  // the page sets (an example, a link) does not start it. Asking for
  // completions (Ctrl+Space) starts it at once.
  let touched = false;
  let checking = false;
  let runSince: number | null = null; // when the run going began, or null
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touches = [
    editor.onDidFocusEditorText(() => touch()),
    editor.onMouseMove(() => touch()),
    model.onDidChangeContent((e) => {
      if (!e.isFlush) touch();
    }),
    editor.onKeyDown((e) => {
      if (e.ctrlKey && e.keyCode === monaco.KeyCode.Space) startChecking(true);
    }),
  ];
  function touch() {
    if (touched) return;
    touched = true;
    startSoon(CHECK_AFTER_MS);
  }
  function startSoon(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const held = runSince === null ? 0 : runSince + RUN_HOLDS_AT_MOST_MS - performance.now();
      if (held > 0) startSoon(held);
      else startChecking(false);
    }, ms);
  }
  function startChecking(suggest: boolean) {
    if (checking) return;
    checking = true;
    clearTimeout(timer);
    for (const t of touches.splice(0)) t.dispose();
    if (model.getLanguageId() !== 'javascript') monaco.editor.setModelLanguage(model, 'javascript');
    // The Ctrl+Space that started it found no completions yet: ask again, now that there are.
    if (suggest) editor.trigger('looplab', 'editor.action.triggerSuggest', {});
  }
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, o.run);
  // Esc stops a run unless it is closing one of Monaco's own widgets.
  editor.addCommand(
    monaco.KeyCode.Escape,
    o.stop,
    '!suggestWidgetVisible && !parameterHintsVisible && !findWidgetVisible && !renameInputVisible',
  );
  return {
    getValue: () => model.getValue(),
    setValue: (v) => {
      if (v !== model.getValue()) model.setValue(v);
    },
    setReadOnly: (r) => editor.updateOptions({ readOnly: r }),
    setRunGoing: (going) => {
      if (going) runSince ??= performance.now();
      else {
        runSince = null;
        if (touched && !checking) startSoon(CHECK_AFTER_MS);
      }
    },
    setMarkers: (markers: EditorMarker[]) =>
      monaco.editor.setModelMarkers(
        model,
        'looplab',
        markers.map((m) => ({
          severity: monaco.MarkerSeverity.Error,
          message: m.message,
          startLineNumber: m.line,
          startColumn: m.column,
          endLineNumber: m.line,
          endColumn: m.column + 1,
        })),
      ),
    reveal: (line, column) => {
      editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
      editor.setPosition({ lineNumber: line, column });
    },
    focus: () => editor.focus(),
    setTheme: (t) => monaco.editor.setTheme(t === 'dark' ? 'vs-dark' : 'vs'),
  };
}
