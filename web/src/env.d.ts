// Modules that only exist at build time (see web/vite.config.ts).
declare module 'virtual:looplab-bindings' {
  /** The bindings' createRuntime (docs/architecture.md section 2), or undefined when they are not built. */
  export const createRuntime: unknown;
}

// Monaco's JavaScript colours and brackets (the module ships without types);
// editor/monaco.ts gives them to the snippet's language before the checker starts.
declare module 'monaco-editor/languages/definitions/javascript/javascript' {
  import type { languages } from 'monaco-editor/editor/editor.api';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
