// Run and Stop from the keyboard anywhere on the page: Ctrl/Cmd+Enter runs,
// Esc stops a running snippet (Monaco handles both itself while it has focus).
export function bindRunKeys(o: { run(): void; stop(): void; isRunning(): boolean }) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      o.run();
    } else if (e.key === 'Escape' && o.isRunning()) {
      e.preventDefault();
      o.stop();
    }
  });
}
