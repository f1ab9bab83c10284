// Turns whatever a snippet passes to print() into one line of text, roughly as
// console.log would: strings as they are, everything else in a short readable
// form. User values can be hostile (throwing getters, proxies, cycles), so
// formatting never throws: anything it cannot read prints as a placeholder
// that says what reading it threw.

const MAX_DEPTH = 3;
const MAX_ITEMS = 30;

/** The longest printed line or error message kept whole, anywhere a snippet's text goes (clipText). */
export const MAX_TEXT_CHARS = 10_000;

/**
 * `text` cut to its first `max` characters, saying how many more there were;
 * never between the two halves of a surrogate pair. A snippet can make a text
 * of hundreds of MB in one line ("x".repeat(1e8)); printed or thrown whole, it
 * was copied through three processes into one text node and crashed the page.
 */
export function clipText(text, max = MAX_TEXT_CHARS) {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return `${text.slice(0, end)}… (${(text.length - end).toLocaleString('en-US')} more characters not shown)`;
}

export function formatValues(values) {
  return values.map((v) => (typeof v === 'string' ? v : formatValue(v))).join(' ');
}

export function formatValue(value, depth = 0, seen = new Set()) {
  try {
    return format(value, depth, seen);
  } catch (e) {
    return `[unprintable: ${whatWasThrown(e)}]`;
  }
}

/** What a read threw, in a few words; the thrown value can be hostile too. */
function whatWasThrown(e) {
  try {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : `${typeof e === 'string' ? e : String(e)}`;
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return 'reading it threw';
  }
}

function format(value, depth, seen) {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? value : JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (seen.has(value)) return '[Circular]';
  if (typeof value.toLooplabString === 'function') return value.toLooplabString();
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => format(v, depth + 1, seen));
      if (value.length > MAX_ITEMS) items.push(`... ${value.length - MAX_ITEMS} more`);
      return `[ ${items.join(', ')} ]`.replace('[  ]', '[]');
    }
    // Their entries, as console.log shows them: Map(1) { "a" => 1 }, Set(2) { 1, 2 }.
    if (value instanceof Map) return collection(`Map(${value.size})`, value, (v, k) => `${format(k, depth + 1, seen)} => ${format(v, depth + 1, seen)}`);
    if (value instanceof Set) return collection(`Set(${value.size})`, value, (v) => format(v, depth + 1, seen));
    if (value instanceof Date) return value.toISOString();
    if (typeof value.then === 'function') return 'Promise { ... }';
    const tag = value[Symbol.toStringTag];
    if (tag === 'Generator') return 'Object [Generator] {}';
    const keys = Object.keys(value);
    const parts = keys.slice(0, MAX_ITEMS).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${format(value[k], depth + 1, seen)}`);
    if (keys.length > MAX_ITEMS) parts.push(`... ${keys.length - MAX_ITEMS} more`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  } finally {
    seen.delete(value);
  }
}

/** `head { item, item, ... n more }` for the first MAX_ITEMS entries of a Map or Set. */
function collection(head, entries, show) {
  const parts = [];
  for (const [k, v] of entries.entries()) {
    if (parts.length === MAX_ITEMS) break;
    parts.push(show(v, k));
  }
  if (entries.size > MAX_ITEMS) parts.push(`... ${entries.size - MAX_ITEMS} more`);
  return parts.length ? `${head} { ${parts.join(', ')} }` : `${head} {}`;
}
