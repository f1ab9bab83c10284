// Monaco, loaded lazily (it is most of the page's weight): only the editor
// core, the JavaScript language and the TypeScript feature (IntelliSense for
// JavaScript), with the snippet API of wasm_bindings/looplab.d.ts as an extra
// lib so completions, hovers and signature help know `loop`, `print`, `now`.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import * as ts from 'monaco-editor/languages/features/typescript/register';
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

let configured = false;
function configure() {
  if (configured) return;
  configured = true;
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
  const model = monaco.editor.createModel(o.value, 'javascript', monaco.Uri.parse('file:///snippet.js'));
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
  model.onDidChangeContent(() => o.onChange(model.getValue()));
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
