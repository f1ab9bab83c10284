// A small hook for tests (and curious learners in the console): tests set
// exact content instead of typing, because typing into Monaco adds brackets
// and indentation.
import type { CodeEditor } from '../editor/editor';
import { EXAMPLES, type Example } from '../examples';
import { hasCppRuntime } from '../runner/assets';
import type { PredictPanel } from '../predict/predict';
import type { Session } from './session';

declare global {
  interface Window {
    __looplab?: {
      setCode(code: string): void;
      getCode(): string;
      run(): void;
      stop(): void;
      markers(): { line: number; column: number; message: string }[];
      editorKind(): 'monaco' | 'plain';
      loadMonaco(): Promise<void>;
      prediction(): readonly string[];
      examples(): readonly Example[];
      hasCppRuntime: boolean;
    };
  }
}

export function installTestHook(o: {
  editor: CodeEditor;
  session: Session;
  predict?: PredictPanel;
  loadMonaco(): Promise<void>;
}) {
  window.__looplab = {
    setCode: (code) => o.editor.setValue(code),
    getCode: () => o.editor.getValue(),
    run: () => o.session.run(),
    stop: () => o.session.stop(),
    markers: () => o.editor.getMarkers(),
    editorKind: () => (o.editor.isMonaco ? 'monaco' : 'plain'),
    loadMonaco: o.loadMonaco,
    prediction: () => o.predict?.prediction ?? [],
    examples: () => EXAMPLES,
    hasCppRuntime,
  };
}
