// Types for format.js, which the page's sandbox worker imports too
// (web/src/sandbox/worker.ts prints with it when the C++ runtime is not built,
// and formats what a snippet throws that is not an Error; it cuts long texts with clipText).
export function formatValues(values: unknown[]): string;
export const MAX_TEXT_CHARS: number;
export function clipText(text: string, max?: number): string;
