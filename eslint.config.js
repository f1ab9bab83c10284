// ESLint (flat config) for the page (web/), the bindings' JavaScript
// (wasm_bindings/js), the tests and the scripts.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'wasm_bindings/generated/', 'web/src/generated/', '**/*.d.ts'] },
  js.configs.recommended,
  {
    files: ['web/**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The sandbox frame's script: a classic script inlined into the frame's srcdoc.
    files: ['web/src/sandbox/frame.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['wasm_bindings/js/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.node } },
    // Formatting printed values escapes control characters on purpose.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['tests/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', 'eslint.config.js', 'web/vite.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A generator that returns without yielding is a legitimate task in a test.
      'require-yield': 'off',
    },
  },
);
