// How `print(...values)` shows values when the sandbox prints for the JS loop
// itself (the runtime formats its own prints): like console.log, strings bare,
// everything else short and readable, never throwing.
export function formatValues(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : formatValue(v, 0))).join(' ');
}

function formatValue(v: unknown, depth: number): string {
  try {
    if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
    if (typeof v === 'function') return `[Function ${v.name || '(anonymous)'}]`;
    if (typeof v === 'symbol' || typeof v === 'bigint') return v.toString() + (typeof v === 'bigint' ? 'n' : '');
    if (typeof v !== 'object' || v === null) return String(v);
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (v instanceof Promise) return 'Promise { ... }';
    const tag = Object.prototype.toString.call(v);
    if (tag === '[object Generator]' || tag === '[object AsyncGenerator]') return `${tag.slice(8, -1)} {}`;
    if (depth > 2) return Array.isArray(v) ? '[...]' : '{...}';
    if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, depth + 1)).join(', ')}]`;
    const entries = Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`);
    const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : '';
    return `${name}{${entries.length ? ` ${entries.join(', ')} ` : ''}}`;
  } catch (e) {
    return `[unprintable: ${whatWasThrown(e)}]`;
  }
}

/** What a read threw, in a few words; the thrown value can be hostile too (as wasm_bindings/js/format.js says it). */
function whatWasThrown(e: unknown): string {
  try {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'string' ? e : String(e);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return 'reading it threw';
  }
}
