// Keeps a list element's children in step with data while reusing the nodes
// and touching only what changed. What each node shows is remembered on the
// JS side, so an update never reads the DOM back (reads force style work).
export interface ItemView {
  text: string;
  attrs: Record<string, string>;
  className?: string;
}

const shown = new WeakMap<Element, ItemView>();

export function syncList(list: HTMLElement, items: ItemView[], tag = 'li', setup?: (el: HTMLElement) => void): void {
  const children = list.children;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === undefined) continue;
    let el = children[i] as HTMLElement | undefined;
    if (el === undefined) {
      el = document.createElement(tag);
      setup?.(el);
      list.append(el);
    }
    const before = shown.get(el);
    if (before?.text !== item.text) el.textContent = item.text;
    const cls = item.className ?? '';
    if ((before?.className ?? '') !== cls || before === undefined) el.className = cls;
    const old = before?.attrs ?? {};
    for (const [k, v] of Object.entries(item.attrs)) if (old[k] !== v) el.setAttribute(k, v);
    // A reused node must not keep attributes of the item it showed before.
    for (const k of Object.keys(old)) if (!(k in item.attrs)) el.removeAttribute(k);
    shown.set(el, item);
  }
  while (list.children.length > items.length) list.lastElementChild?.remove();
}
