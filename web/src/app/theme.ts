// Light and dark themes: the learner's choice (kept in local storage), else the
// system's preference. The CSS reads html[data-theme].
export type Theme = 'light' | 'dark';
const KEY = 'looplab:theme';

export function initialTheme(forced?: string | null): Theme {
  if (forced === 'light' || forced === 'dark') return forced;
  const saved = safeGet(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, remember = false) {
  document.documentElement.dataset.theme = theme;
  if (remember) safeSet(KEY, theme);
}

// Storage can be unavailable (privacy settings, sandboxed embeds): never fail for it.
export function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function safeSet(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // the page works without it; only the reload memory is lost
  }
}
