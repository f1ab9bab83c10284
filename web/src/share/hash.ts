// Share links: the URL hash holds the code, lz-string compressed
// (`#code/<compressed>`), or names an example (`#example/<id>`). Reading a
// hash never throws: a broken or truncated one gives a clear message.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { findExample } from '../examples';

export type HashState =
  | { kind: 'none' }
  | { kind: 'code'; code: string }
  | { kind: 'example'; id: string }
  // message: what is wrong with the link; the page says what it shows instead
  | { kind: 'broken'; message: string };

export function codeHash(code: string): string {
  return `#code/${compressToEncodedURIComponent(code)}`;
}

export function exampleHash(id: string): string {
  return `#example/${encodeURIComponent(id)}`;
}

export function readHash(hash: string): HashState {
  const h = hash.replace(/^#/, '');
  if (!h) return { kind: 'none' };
  if (h.startsWith('code/')) {
    const packed = h.slice('code/'.length);
    let code: string | null = null;
    try {
      code = packed ? decompressFromEncodedURIComponent(packed) : null;
    } catch {
      code = null;
    }
    // lz-string returns null or '' for damaged input, and a truncated link can
    // decompress to garbage with replacement characters in it.
    if (!code || code.includes('\uFFFD')) {
      return {
        kind: 'broken',
        message: 'The code in this link could not be read (the link may be cut short or damaged).',
      };
    }
    return { kind: 'code', code };
  }
  if (h.startsWith('example/')) {
    let id = h.slice('example/'.length);
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep the raw id: it will not be found and says so below
    }
    if (findExample(id)) return { kind: 'example', id };
    return { kind: 'broken', message: `This link names an example "${id}" that does not exist.` };
  }
  return {
    kind: 'broken',
    message: 'This link\'s address ends in something Loop Lab does not understand (expected #code/... or #example/...).',
  };
}
