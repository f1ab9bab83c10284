// embed.html: the compact view for iframes. Query options: autorun, readonly,
// panels (code, output, trace), theme (light, dark). It shows the code and can
// run it before Monaco has loaded; Monaco loads when the learner starts editing.
import { CodeEditor } from '../editor/editor';
import { DEFAULT_EXAMPLE, findExample } from '../examples';
import { OutputView } from '../output/output-view';
import { readHash } from '../share/hash';
import type { TraceStore } from '../trace/store';
import type { ViewsHandle } from '../views/index';
import { bindRunKeys } from './keys';
import { listenToHost, reportHeight, tellHost } from './embed-api';
import { hasEnded } from '../runner/runner';
import { Session } from './session';
import { installTestHook } from './test-hook';
import { applyTheme, initialTheme } from './theme';

const flag = (v: string | null) => v !== null && v !== '0' && v !== 'false';

export function startEmbedPage() {
  // When the page's own code starts (bench/page/load.mjs shows each step to the first line).
  performance.mark('looplab:page-start');
  const q = new URLSearchParams(location.search);
  const readOnly = flag(q.get('readonly'));
  const panels = new Set((q.get('panels') ?? 'code,output').split(',').map((s) => s.trim()));
  const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

  const hash = readHash(location.hash);
  const code =
    hash.kind === 'code' ? hash.code : hash.kind === 'example' ? findExample(hash.id)!.code : DEFAULT_EXAMPLE.code;
  $<HTMLAnchorElement>('#open').href = `index.html${location.hash}`;

  const output = new OutputView($('#output-host'));
  const editor = new CodeEditor($('#editor-host'), { value: code, readOnly, label: 'JavaScript code' });
  $('#editor-host').hidden = !panels.has('code');
  $('#output-host').hidden = !panels.has('output');
  // The views and their store load only when asked for, keeping the embed small.
  const views = panels.has('trace') ? Promise.all([import('../trace/store'), import('../views/index')]) : null;
  // Until the store has loaded, what the run sends is kept and replayed into it.
  let store: TraceStore | null = null;
  let early: ((s: TraceStore) => void)[] = [];
  // The views load later than the session: they get the last pause state the sandbox reported.
  let viewsHandle: ViewsHandle | null = null;
  let lastPaused: boolean | null = null;
  const feed = (f: (s: TraceStore) => void) => (store ? f(store) : early.push(f));
  const sink = {
    reset: (o?: { clock?: 'real' | 'virtual' | 'unknown' }) => {
      early = [];
      feed((s) => s.reset(o));
    },
    appendCore: (b: Parameters<TraceStore['appendCore']>[0]) => feed((s) => s.appendCore(b)),
    appendJs: (e: Parameters<TraceStore['appendJs']>[0]) => feed((s) => s.appendJs(e)),
    appendBlocked: (start: number, end: number) => feed((s) => s.appendBlocked(start, end)),
  };
  const session = new Session({
    sandboxHost: $('#sandbox-host'),
    editor,
    output,
    status: $('#status'),
    store: views ? sink : null,
    onPrint: (line) => tellHost({ type: 'looplab:output', ...line }),
    onStatus: (status) => {
      $<HTMLButtonElement>('#stop').disabled = status !== 'running';
      if (status === 'running') lastPaused = null;
      if (hasEnded(status)) {
        viewsHandle?.runEnded();
        tellHost({ type: 'looplab:done', status });
      }
    },
    onPaused: (paused) => {
      lastPaused = paused;
      viewsHandle?.setRunState({ paused });
    },
  });
  // After the session has started the sandbox frame: the first localStorage
  // read (a saved theme) waits on the browser process, ~3-40 ms while the page
  // loads, and the frame need not wait for it. Same task, so nothing is painted before.
  const theme = initialTheme(q.get('theme'));
  applyTheme(theme);
  if (hash.kind === 'broken') output.note('error', `${hash.message} Showing the first example instead.`);
  if (views) {
    $('#views-host').hidden = false;
    void views.then(([{ TraceStore }, { mountViews }]) => {
      const created = new TraceStore();
      for (const f of early) f(created);
      early = [];
      store = created;
      viewsHandle = mountViews($('#views-host'), created, session.runner);
      if (lastPaused !== null && session.runner.status === 'running') viewsHandle.setRunState({ paused: lastPaused });
      if (hasEnded(session.runner.status)) viewsHandle.runEnded();
    });
  }

  const run = () => session.run();
  const stop = () => session.stop();
  $('#run').addEventListener('click', run);
  $('#stop').addEventListener('click', stop);
  bindRunKeys({ run, stop, isRunning: () => session.runner.status === 'running' });

  // Monaco only once the learner starts editing (the first change to the text).
  const loadMonaco = () => editor.upgradeToMonaco(theme, { run, stop });
  if (!readOnly) {
    $('#editor-host').addEventListener('input', () => void loadMonaco().catch(() => undefined), { once: true });
  }

  listenToHost({
    setCode: (c) => editor.setValue(c),
    run,
    stop,
  });
  reportHeight();
  installTestHook({ editor, session, loadMonaco });
  const autorun = flag(q.get('autorun'));
  if (autorun) run();

  // A host page that points the iframe at another link (only the hash of its
  // src changed) gets no reload from the browser: the embed opens the link
  // itself, as a fresh embed would, autorun included. A broken one says so
  // and keeps the code that is there.
  addEventListener('hashchange', () => {
    const next = readHash(location.hash);
    $<HTMLAnchorElement>('#open').href = `index.html${location.hash}`;
    if (next.kind === 'broken') output.note('error', `${next.message} The code in the editor is unchanged.`);
    if (next.kind !== 'code' && next.kind !== 'example') return;
    session.show(next.kind === 'code' ? next.code : findExample(next.id)!.code);
    if (autorun) run();
  });
}
