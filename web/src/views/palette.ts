// The canvas's colours come from the views' CSS custom properties, so the
// timeline follows the page's light and dark themes like the DOM does.
export interface Palette {
  background: string;
  laneCpp: string;
  laneJs: string;
  header: string;
  grid: string;
  text: string;
  muted: string;
  barTask: string;
  barCallback: string;
  barJs: string;
  wait: string;
  sleep: string;
  late: string;
  deadline: string;
  tick: string;
  overBudget: string;
  blocked: string;
  blockedEdge: string;
  cursor: string;
  selected: string;
}

const LIGHT: Palette = {
  background: '#ffffff',
  laneCpp: '#f3f6fb',
  laneJs: '#fbf6ef',
  header: '#3b4252',
  grid: '#e3e6ea',
  text: '#2e3440',
  muted: '#6b7280',
  barTask: '#3b6fd8',
  barCallback: '#6a8fd8',
  barJs: '#c77a1a',
  wait: '#9aa5b1',
  sleep: '#2f8a5f',
  late: '#d43c3c',
  deadline: '#222222',
  tick: '#7a869a',
  overBudget: '#d43c3c',
  blocked: 'rgba(212, 60, 60, 0.16)',
  blockedEdge: '#d43c3c',
  cursor: '#8b3dd6',
  selected: '#f2b705',
};

/** Reads `--ll-canvas-<name>` from `el`; a missing property keeps the light colour. */
export function readPalette(el: Element): Palette {
  const style = getComputedStyle(el);
  const out = { ...LIGHT };
  for (const key of Object.keys(LIGHT) as (keyof Palette)[]) {
    const v = style.getPropertyValue(`--ll-canvas-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).trim();
    if (v !== '') out[key] = v;
  }
  return out;
}
