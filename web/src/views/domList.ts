// Keeps a list element's children in step with data while reusing the nodes
// and touching only what changed: the inspector and the log redraw every
// frame during a run, and rebuilding hundreds of nodes each time would cost
// the page its frames.
export interface ItemView {
  text: string;
  attrs: Record<string, string>;
  className?: string;
}

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
    if (el.textContent !== item.text) el.textContent = item.text;
    const cls = item.className ?? '';
    if (el.className !== cls) el.className = cls;
    for (const [k, v] of Object.entries(item.attrs)) if (el.getAttribute(k) !== v) el.setAttribute(k, v);
    // A reused node must not keep data of the item it showed before.
    for (const name of el.getAttributeNames()) if (name.startsWith('data-') && !(name in item.attrs)) el.removeAttribute(name);
  }
  while (list.children.length > items.length) list.lastElementChild?.remove();
}
