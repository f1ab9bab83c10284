// The full playground: examples menu, the talk's Python beside the editor,
// Run/Stop/Reset, output, the views, "Predict the output", the runtime source,
// share links and embed code. The last code survives a reload.
import { CodeEditor } from '../editor/editor';
import { DEFAULT_EXAMPLE, EXAMPLES, findExample, type Example } from '../examples';
import { OutputView } from '../output/output-view';
import { PredictPanel } from '../predict/predict';
import { codeHash, exampleHash, readHash } from '../share/hash';
import { RuntimeSourceView } from '../source/runtime-source';
import { TraceStore } from '../trace/store';
import { mountViews, type ViewsHandle } from '../views/index';
import { hasCppRuntime } from '../runner/assets';
import { hasEnded } from '../runner/runner';
import { Session } from './session';
import { applyTheme, initialTheme, safeGet, safeSet, type Theme } from './theme';
import { installTestHook } from './test-hook';
import { bindRunKeys } from './keys';
import { showTalkCode } from './talk-code';

const LAST = 'looplab:last';

export function startMainPage() {
  let theme: Theme = initialTheme();
  applyTheme(theme);
  const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

  // Which code to show: the link first, then the last session, then the first example.
  const hash = readHash(location.hash);
  let example: Example = DEFAULT_EXAMPLE;
  let code = DEFAULT_EXAMPLE.code;
  const saved = parseSaved(safeGet(LAST));
  if (hash.kind === 'code') {
    code = hash.code;
    example = findExample(saved?.exampleId ?? '') ?? DEFAULT_EXAMPLE;
  } else if (hash.kind === 'example') {
    example = findExample(hash.id)!;
    code = example.code;
  } else if (hash.kind === 'none' && saved) {
    example = findExample(saved.exampleId) ?? DEFAULT_EXAMPLE;
    code = saved.code;
  }

  // Examples menu
  const select = $<HTMLSelectElement>('#example');
  for (const part of ['talk', 'beyond'] as const) {
    const group = document.createElement('optgroup');
    group.label = part === 'talk' ? 'The talk, step by step' : 'Beyond the talk';
    for (const ex of EXAMPLES.filter((e) => e.part === part)) group.append(new Option(ex.title, ex.id));
    select.append(group);
  }

  const output = new OutputView($('#output-host'));
  const editor = new CodeEditor($('#editor-host'), {
    value: code,
    label: 'JavaScript code (runs in the sandbox)',
    onChange: (value) => safeSet(LAST, JSON.stringify({ exampleId: example.id, code: value })),
  });
  const store = new TraceStore();
  // Made after the session, which tells it whether the run is paused.
  let views: ViewsHandle | null = null;
  const session = new Session({
    sandboxHost: $('#sandbox-host'),
    editor,
    output,
    status: $('#status'),
    store,
    clock: () => ($<HTMLSelectElement>('#clock').value === 'virtual' ? 'virtual' : 'real'),
    onStatus: (s) => {
      $<HTMLButtonElement>('#stop').disabled = s !== 'running';
      if (hasEnded(s)) views?.runEnded();
    },
    onPaused: (paused) => views?.setRunState({ paused }),
  });
  // Slow motion needs the virtual clock: choosing a slower speed on the real
  // clock switches the clock for the next run, and says so.
  const clockSelect = $<HTMLSelectElement>('#clock');
  const control = {
    pause: () => session.runner.pause(),
    resume: () => session.runner.resume(),
    step: () => session.runner.step(),
    // Re-run to here (views/rerun.ts): the latest run's code again, to a point of its recording in the store.
    rerunCheck: () => session.runner.rerunCheck(store),
    rerunTo: (index: number) => {
      if (session.runner.rerunCheck(store).ok) {
        editor.setMarkers([]);
        output.clear();
      }
      return session.runner.rerunTo(index, store);
    },
    setSpeed: (factor: number) => {
      session.runner.setSpeed(factor);
      if (factor < 1 && clockSelect.value !== 'virtual') {
        clockSelect.value = 'virtual';
        $('#clock-note').textContent =
          session.runner.status === 'running'
            ? 'Slow motion needs the virtual clock: the next run uses it (this one keeps real time).'
            : 'Slow motion needs the virtual clock, so the clock is now virtual.';
      }
    },
  };
  clockSelect.addEventListener('change', () => {
    $('#clock-note').textContent = '';
  });
  views = mountViews($('#views-host'), store, control);
  const predict = new PredictPanel($('#predict-host'));
  const source = new RuntimeSourceView($('#source-host'));

  function showExample(ex: Example) {
    example = ex;
    select.value = ex.id;
    $('#example-title').textContent = ex.title;
    $('#watch').textContent = ex.watch;
    showTalkCode($('#python'), ex.python);
    $('#cpp-note').hidden = !ex.usesCpp || hasCppRuntime;
    predict.setExample(ex);
    source.setFocus(ex.sources);
  }
  showExample(example);
  if (hash.kind === 'broken') output.note('error', `${hash.message} Showing the first example instead.`);

  /** Puts `code` (of example `ex`) in the editor, as a fresh page would show it: the run stopped, the output cleared. */
  function load(ex: Example, code: string) {
    session.show(code);
    showExample(ex);
  }

  select.addEventListener('change', () => {
    const ex = findExample(select.value);
    if (!ex) return;
    load(ex, ex.code);
    safeSet(LAST, JSON.stringify({ exampleId: ex.id, code: ex.code }));
    history.replaceState(null, '', exampleHash(ex.id));
  });

  // A link opened in a tab that already shows Loop Lab (pasted into the
  // address bar, or clicked on a course page in the same tab) changes only
  // the hash, and the browser does not reload for that: the page opens the
  // link itself. A broken one says so and keeps the code in the editor. As on
  // a fresh load, the learner's saved code is kept until they edit the
  // link's. (The page's own history.replaceState calls fire no hashchange.)
  addEventListener('hashchange', () => {
    const next = readHash(location.hash);
    if (next.kind === 'broken') output.note('error', `${next.message} The code in the editor is unchanged.`);
    else if (next.kind === 'example') {
      const ex = findExample(next.id)!;
      load(ex, ex.code);
    }
    else if (next.kind === 'code') load(example, next.code);
  });

  const run = () => session.run();
  const stop = () => session.stop();
  $('#run').addEventListener('click', run);
  $('#stop').addEventListener('click', stop);
  $('#reset').addEventListener('click', () => {
    editor.setValue(example.code);
    safeSet(LAST, JSON.stringify({ exampleId: example.id, code: example.code }));
    output.clear();
  });
  bindRunKeys({ run, stop, isRunning: () => session.runner.status === 'running' });

  // Share and embed: the link goes in a visible field too, because the
  // clipboard can be refused.
  const shareField = $<HTMLInputElement>('#share-field');
  const shareHash = () => (editor.getValue() === example.code ? exampleHash(example.id) : codeHash(editor.getValue()));
  const offer = async (text: string, what: string) => {
    shareField.value = text;
    $('#share-box').hidden = false;
    $('#share-label').textContent = what;
    shareField.select();
    try {
      await navigator.clipboard.writeText(text);
      $('#share-done').textContent = 'Copied to the clipboard.';
    } catch {
      $('#share-done').textContent = 'Copy it from the field (the clipboard was not available).';
    }
  };
  $('#share').addEventListener('click', () => {
    const h = shareHash();
    history.replaceState(null, '', h);
    void offer(new URL(h, location.href).href, 'Share link');
  });
  $('#embed').addEventListener('click', () => {
    const url = new URL(`embed.html?autorun=1${shareHash()}`, location.href).href;
    void offer(
      `<iframe src="${url}" title="Loop Lab: ${example.title.replace(/"/g, '&quot;')}" width="100%" height="420" style="border:0" loading="lazy"></iframe>`,
      'Embed code',
    );
  });

  $('#theme').addEventListener('click', () => {
    theme = theme === 'dark' ? 'light' : 'dark';
    applyTheme(theme, true);
    editor.setTheme(theme);
    $('#theme').setAttribute('aria-pressed', String(theme === 'dark'));
  });
  $('#theme').setAttribute('aria-pressed', String(theme === 'dark'));

  // Monaco after first paint: the textarea is usable until then.
  const loadMonaco = () =>
    editor.upgradeToMonaco(theme, { run, stop }).catch((e: Error) => {
      output.note('warning', `The full editor could not load (${e.message}); the plain editor keeps working.`);
    });
  // It waits until the sandbox is ready, so a first Run does not compete with it.
  const later = () =>
    'requestIdleCallback' in window ? requestIdleCallback(() => void loadMonaco(), { timeout: 500 }) : setTimeout(loadMonaco, 50);
  void session.runner.ready().then(later, later);

  installTestHook({ editor, session, predict, loadMonaco });
}

function parseSaved(text: string | null): { exampleId: string; code: string } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string') {
      const o = v as { exampleId?: unknown; code: string };
      return { exampleId: typeof o.exampleId === 'string' ? o.exampleId : '', code: o.code };
    }
  } catch {
    // a damaged entry is ignored
  }
  return null;
}
