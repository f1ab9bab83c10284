// Keeps a list element's children in step with data while reusing the nodes
// and touching only what changed. Nodes are matched by key, so a log that
// grows at the bottom and drops at the top, or a ready queue that rotates,
// moves a node or two instead of rewriting every line. What each node shows
// is remembered on the JS side, so an update never reads the DOM back.
export interface ItemView {
  key: string;
  text: string;
  attrs: Record<string, string>;
  className?: string;
}

interface Shown {
  item: ItemView;
}

const shown = new WeakMap<Element, Shown>();
const byKey = new WeakMap<HTMLElement, Map<string, HTMLElement>>();

export function syncList(list: HTMLElement, items: ItemView[], tag = 'li', setup?: (el: HTMLElement) => void): void {
  const old = byKey.get(list) ?? new Map<string, HTMLElement>();
  const next = new Map<string, HTMLElement>();
  for (const item of items) {
    let el = old.get(item.key);
    if (el === undefined || next.has(item.key)) {
      el = document.createElement(tag);
      setup?.(el);
    }
    next.set(item.key, el);
    update(el, item);
  }
  for (const [key, el] of old) if (next.get(key) !== el) el.remove();
  // Put the nodes in order, moving only those out of place.
  let cursor = list.firstElementChild;
  for (const el of next.values()) {
    if (el === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      list.insertBefore(el, cursor);
    }
  }
  while (cursor !== null) {
    const after = cursor.nextElementSibling;
    cursor.remove();
    cursor = after;
  }
  byKey.set(list, next);
}

function update(el: HTMLElement, item: ItemView): void {
  const before = shown.get(el)?.item;
  if (before?.text !== item.text) el.textContent = item.text;
  const cls = item.className ?? '';
  if (before === undefined || (before.className ?? '') !== cls) el.className = cls;
  const old = before?.attrs ?? {};
  for (const [k, v] of Object.entries(item.attrs)) if (old[k] !== v) el.setAttribute(k, v);
  // A node must not keep attributes its item no longer has.
  for (const k of Object.keys(old)) if (!(k in item.attrs)) el.removeAttribute(k);
  shown.set(el, { item });
}

/**
 * Marks a box whose lists are held while a run streams in fast (inspector.ts,
 * eventLog.ts): greyed by CSS (`ll-held`), `data-held` for tests, and
 * `aria-busy` so a screen reader waits for it; or clears all three.
 */
export function markHeld(el: HTMLElement, held: boolean): void {
  el.classList.toggle('ll-held', held);
  if (held) {
    el.dataset.held = 'true';
    el.setAttribute('aria-busy', 'true');
  } else {
    delete el.dataset.held;
    el.removeAttribute('aria-busy');
  }
}
