// "Re-run to here": after a run on the virtual clock, the learner scrubs back
// and re-runs the snippet to that point. The re-run replays the recorded
// turns of the C++ loop and pauses there, so the inspector shows the same
// state at the same event index, the output so far is the same, and Step and
// Resume go on from there. A snippet on the JS loop's timers says up front
// that a re-run may differ; a real-clock run says it cannot be re-run. The
// plan (where a re-run is cut) and the check (what counts as a match) are
// tested in node on the page's own code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openBrowser } from './harness.mjs';
import { openPlayground, printedLines, runButton, stopButton, waitForRunEnd } from './helpers.mjs';
import { bundle, repo } from './views-bundle.mjs';

let browser;
before(async () => {
  browser = await openBrowser(process.env.DIST ? { dist: process.env.DIST } : {});
});
after(async () => {
  await browser?.close();
});

// The talk's round-robin on the C++ loop with timer sleeps (loop.sleep), plus
// two tasks that take turns on bare yields and short sleeps: many resumes over
// many frames, all deterministic on the virtual clock.
const ROUND_ROBIN = `function* set_timeout(delay, callback) {
  yield loop.sleep(delay);
  callback();
}
function* count(name, n) {
  for (let i = 1; i <= n; i++) {
    print(name + " " + i);
    if (i % 2 === 0) yield loop.sleep(0.05);
    else yield;
  }
}
loop.run([
  set_timeout(0.3, () => print("goodbye")),
  set_timeout(0.1, () => print("hello")),
  count("a", 4),
  count("b", 4),
]).then(() => print("run() is done"));
`;

async function playground(clock) {
  const page = await openPlayground(browser);
  await page.setViewportSize({ width: 1400, height: 1400 });
  await page.locator('#clock').selectOption(clock);
  return page;
}
const button = (page, name) => page.getByRole('button', { name, exact: true });
const inspector = (page) => page.getByRole('region', { name: 'Loop inspector' });
const note = (page) => page.locator('.ll-rerun-note');
const at = (page) => inspector(page).getAttribute('data-at');

/** Clicks `name` and waits until the inspector shows another event index. */
async function clickAndMove(page, name) {
  const before = await at(page);
  await button(page, name).click();
  await page.waitForFunction(
    (a) => document.querySelector('section[aria-label="Loop inspector"]').dataset.at !== a,
    before,
    { timeout: 10_000 },
  );
}

/** Waits until the views show the whole recording of the ended run (live, at its last event). */
async function waitForLiveEnd(page, { runEnded = true } = {}) {
  await page.waitForFunction((ended) => {
    // The views have drawn the whole of an ended run (before that, the scrubber and the inspector can agree on an earlier end).
    if (ended && document.querySelector('.ll-views').dataset.run !== 'ended') return false;
    const scrub = document.querySelector('input[aria-label="Scrub through the recording"]');
    const shown = document.querySelector('section[aria-label="Loop inspector"]').dataset.at;
    return Number(scrub.max) > 0 && shown === scrub.max;
  }, runEnded);
}

/** What the inspector shows, without the recording's length (the re-run's is shorter). */
function inspectorState(page) {
  return page.evaluate(() => {
    const box = document.querySelector('section[aria-label="Loop inspector"]');
    const items = (label) => [...box.querySelectorAll(`[aria-label="${label}"] li`)].map((li) => li.textContent);
    return {
      at: box.dataset.at,
      tick: box.dataset.tick,
      running: box.dataset.running,
      heading: box.querySelector('.ll-at').textContent.replace(/ of \d+.*$/, ''),
      readyQueue: items('Ready queue'),
      timerHeap: items('Timer heap'),
      tasks: items('Tasks'),
    };
  });
}

/**
 * The re-run note once it has something to show (scrubbed back): its state,
 * text and the button's, read together in one frame, with whether the views
 * were still taking in the run (`streaming`).
 */
function noteOnceShown(page) {
  return page
    .waitForFunction(() => {
      const n = document.querySelector('.ll-rerun-note');
      const rerun = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Re-run to here');
      const streaming = document.querySelector('.ll-views').dataset.run !== 'ended';
      return n.dataset.state && n.dataset.state !== 'none' ? { state: n.dataset.state, text: n.innerText, disabled: rerun.disabled, streaming } : null;
    }, null, { timeout: 10_000 })
    .then((handle) => handle.jsonValue());
}

/** Waits for the re-run's result in the note; returns its state. */
async function waitForRerunResult(page) {
  await page.waitForFunction(
    () => ['matched', 'differs', 'cancelled', 'unavailable'].includes(document.querySelector('.ll-rerun-note')?.dataset.state),
    null,
    { timeout: 30_000 },
  );
  return note(page).getAttribute('data-state');
}

test('re-run to a scrubbed point of a round-robin on the virtual clock: the same state and output there, then Step and Resume go on', async () => {
  const page = await playground('virtual');
  await page.evaluate((c) => window.__looplab.setCode(c), ROUND_ROBIN);
  await runButton(page).click();
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  const recordedLines = (await printedLines(page)).map((l) => `${l.loop}:${l.text}`);
  assert.equal(recordedLines.at(-1), 'js:run() is done');
  await waitForLiveEnd(page);
  assert.equal(await button(page, 'Re-run to here').isDisabled(), true, 'at the live end there is no point to re-run to');

  // A point three quarters into the recording, just after a resume began (Back lands there).
  const end = Number(await page.getByRole('slider', { name: 'Scrub through the recording' }).getAttribute('max'));
  const scrubbed = String(Math.floor((end * 3) / 4));
  await page.getByRole('slider', { name: 'Scrub through the recording' }).fill(scrubbed);
  await page.waitForFunction((n) => document.querySelector('section[aria-label="Loop inspector"]').dataset.at === n, scrubbed);
  await clickAndMove(page, 'Back');
  const recorded = await inspectorState(page);
  const point = Number(recorded.at);
  assert.ok(point > 0 && point < end, `a point inside the recording: ${point} of ${end}`);
  assert.ok(Number(recorded.tick) > 2, `a point some frames in, past timers that fired: tick ${recorded.tick}`);
  // What the recording resumed next, one Forward on; then back to the point.
  await clickAndMove(page, 'Forward');
  const nextResumed = await inspector(page).getAttribute('data-running');
  await clickAndMove(page, 'Back');
  assert.equal(await at(page), String(point));
  assert.equal(await note(page).getAttribute('data-state'), 'ready', 'nothing in this snippet keeps real time');

  await button(page, 'Re-run to here').click();
  assert.equal(await waitForRerunResult(page), 'matched', await note(page).innerText());
  assert.match(
    await note(page).innerText(),
    new RegExp(`^Re-ran to event ${point} on the virtual clock: both loops are really there now, not a reconstruction\\. .*Checked against the recording: events 0–${point - 1} match \\(kind, id and ref of each\\)`),
  );
  // The same state at the same event index as the recording showed.
  await page.waitForFunction((n) => document.querySelector('section[aria-label="Loop inspector"]').dataset.at === n, String(point));
  assert.deepEqual(await inspectorState(page), recorded);
  // The output so far is the recording's, up to that point (not all of it: the run is paused mid-way).
  const lines = Number(await note(page).getAttribute('data-lines'));
  await page.waitForFunction((n) => document.querySelectorAll('[role="log"][aria-label="Output"] [data-loop]').length >= n, lines);
  const rerunLines = (await printedLines(page)).map((l) => `${l.loop}:${l.text}`);
  assert.ok(rerunLines.length > 0 && rerunLines.length < recordedLines.length, `${rerunLines.length} of ${recordedLines.length} lines`);
  assert.deepEqual(rerunLines, recordedLines.slice(0, rerunLines.length));
  // Paused, really: the sandbox says so.
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Paused'));
  assert.equal(await button(page, 'Resume').getAttribute('aria-pressed'), 'true');

  // Step resumes what the recording resumed next.
  await clickAndMove(page, 'Step');
  await clickAndMove(page, 'Back');
  assert.equal(await inspector(page).getAttribute('data-running'), nextResumed);
  // Resume runs the rest: the whole output is the recording's.
  await button(page, 'Resume').click();
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  assert.deepEqual((await printedLines(page)).map((l) => `${l.loop}:${l.text}`), recordedLines);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a run on the JS loop's timers says a re-run may differ, and the re-run says what its check found", async () => {
  const page = await playground('virtual');
  // The JS timer is far off, so it neither fires during the test nor decides when the run ends.
  await page.evaluate((c) => window.__looplab.setCode(c), [
    'setTimeout(() => print("JS timer"), 60000);',
    'loop.setTimeout(0.1, () => print("C++ timer"));',
    'loop.setTimeout(0.2, () => print("C++ again"));',
  ].join('\n'));
  await runButton(page).click();
  await page.waitForFunction(() => document.querySelectorAll('[role="log"][aria-label="Output"] [data-loop]').length >= 2, null, { timeout: 20_000 });
  await waitForLiveEnd(page, { runEnded: false }); // the JS timer keeps the run going
  await clickAndMove(page, 'Back');
  const shown = await noteOnceShown(page);
  assert.equal(shown.state, 'may-differ', shown.text);
  // The live run's idle C++ loop goes on sending a tick batch a frame, each paced into the store:
  // the note holds still meanwhile (it once flickered to "still taking in this run's trace"
  // whenever a batch waited). Watched until 100 more events are in the store.
  const seen = await page.evaluate(async () => {
    const n = document.querySelector('.ll-rerun-note');
    const scrubber = document.querySelector('.ll-controls input[type="range"]');
    const states = new Set([n.dataset.state]);
    const watch = new MutationObserver(() => states.add(n.dataset.state));
    watch.observe(n, { attributes: true, attributeFilter: ['data-state'] });
    const until = Number(scrubber.max) + 100;
    await new Promise((done) => {
      const check = () => (Number(scrubber.max) >= until ? done() : requestAnimationFrame(check));
      check();
    });
    watch.disconnect();
    return [...states];
  });
  assert.deepEqual(seen, ['may-differ']);
  assert.equal(
    shown.text,
    "This run uses the JS loop's timers (setTimeout), which keep real time: a re-run may differ from this recording. " +
      'The recording stays scrubbable until you re-run; the re-run then replaces it and says whether it matched.',
  );
  assert.equal(shown.disabled, false, 'it may still be re-run');
  await button(page, 'Re-run to here').click();
  // The C++ loop's part repeats (the JS timer does not touch it), and the note says so, with the caveat.
  assert.equal(await waitForRerunResult(page), 'matched', await note(page).innerText());
  assert.match(await note(page).innerText(), /This run uses the JS loop's timers \(setTimeout\), which keep real time, so what follows may still differ from the recording\./);
  await stopButton(page).click();
  assert.equal(await waitForRunEnd(page), 'stopped');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('scrubbed back while a big run still streams into the views, the learner can re-run to that point at once', async () => {
  const page = await playground('virtual');
  // 10,000 tasks send ~100,000 events in about a second; the views take them in a few ms a frame, for as long.
  await page.evaluate((c) => window.__looplab.setCode(c), [
    'function* task() { yield; yield; }',
    'for (let i = 0; i < 10000; i++) loop.spawn(task(), "task " + i);',
  ].join('\n'));
  await runButton(page).click();
  await page.waitForFunction(() => Number(document.querySelector('input[aria-label="Scrub through the recording"]').max) > 2000, null, { timeout: 20_000 });
  // Clicked in the page: the controls move as the event count grows, and Playwright's click would wait for them to stop.
  await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Back').click());
  const shown = await noteOnceShown(page);
  assert.equal(shown.streaming, true, `the trace was still streaming in when the note was read: ${JSON.stringify(shown)}`);
  // Nothing in this snippet differs between runs, so the note has nothing to say and the button is ready.
  assert.deepEqual(shown, { state: 'ready', text: '', disabled: false, streaming: true });
  await button(page, 'Re-run to here').click();
  assert.equal(await waitForRerunResult(page), 'matched', await note(page).innerText());
  await stopButton(page).click();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a run on the real clock cannot be re-run, and says why when scrubbed back', async () => {
  const page = await playground('real');
  await page.evaluate((c) => window.__looplab.setCode(c), 'loop.setTimeout(0.05, () => print("C++ timer"));');
  await runButton(page).click();
  assert.equal(await waitForRunEnd(page), 'done');
  await waitForLiveEnd(page);
  await clickAndMove(page, 'Back');
  assert.equal(await note(page).getAttribute('data-state'), 'unavailable');
  assert.match(await note(page).innerText(), /^Re-run to here needs a run on the virtual clock: this run followed the wall clock, which no re-run can repeat\./);
  assert.equal(await button(page, 'Re-run to here').isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// --- the plan and the check, on the page's code in node ----------------------

let model;
async function replayModel() {
  if (!model) {
    const src = ['runner/replay', 'runner/recording', 'views/rerun', 'trace/format']
      .map((m) => `export * from ${JSON.stringify(join(repo, 'web/src', `${m}.ts`))};`)
      .join('\n');
    model = await import((await bundle(src, 'replay-model')).file);
  }
  return model;
}

/** A reader over [kind, id, ref] triples, as the TraceStore answers. */
const reader = (events, firstIndex = 0) => ({
  firstIndex,
  endIndex: firstIndex + events.length,
  kindAt: (i) => events[i - firstIndex]?.[0] ?? 0,
  idAt: (i) => events[i - firstIndex]?.[1] ?? 0,
  refAt: (i) => events[i - firstIndex]?.[2] ?? 0,
});

/** A recording of two turns: a tick of three resumes, then a step. */
async function twoTurns() {
  const { RunRecording, Kind: K } = await replayModel();
  const rec = new RunRecording('code', 'virtual');
  const tick = [
    [K.taskSpawned, 1, 0],
    [K.tickBegin, 1, 0],
    [K.timerFired, 2, 0],
    [K.scheduled, 2, 3],
    [K.resumeBegin, 1, 0],
    [K.resumeEnd, 1, 0],
    [K.resumeBegin, 3, 0],
    [K.resumeEnd, 3, 0],
    [K.resumeBegin, 2, 0],
    [K.resumeEnd, 2, 0],
    [K.tickEnd, 1, 3],
  ];
  const step = [
    [K.resumeBegin, 1, 0],
    [K.resumeEnd, 1, 0],
  ];
  rec.addBatch({ count: tick.length, dropped: 0 }, { loopTime: 0.1, wallMs: 100, resumes: 3, step: false });
  rec.addBatch({ count: step.length, dropped: 0 }, { loopTime: 0.2, wallMs: 150, resumes: 1, step: true });
  return { rec, events: [...tick, ...step] };
}

test('a re-run is cut after the resume that contains the point, and never before a tick has run one', async () => {
  const { planRerun } = await replayModel();
  const { rec, events } = await twoTurns();
  const plan = (target) => planRerun(rec, reader(events), target).map((t) => `${t.step ? 'step' : 'tick'}:${t.resumes}`);
  assert.deepEqual(plan(0), [], 'the start: no turn');
  assert.deepEqual(plan(2), ['tick:1'], 'inside the tick, before its first resume: that resume too');
  assert.deepEqual(plan(5), ['tick:1'], 'just after the first resume began');
  assert.deepEqual(plan(6), ['tick:1'], 'just after it ended');
  assert.deepEqual(plan(7), ['tick:2'], 'just after the second began');
  assert.deepEqual(plan(11), ['tick:3'], 'the whole tick');
  assert.deepEqual(plan(12), ['tick:3', 'step:1'], 'a step is taken whole');
  assert.deepEqual(planRerun(rec, reader(events), 7)[0], { loopTime: 0.1, wallMs: 100, resumes: 2, step: false });
});

test('the check compares kind, id and ref up to the point, says where a re-run differs, and words it plainly', async () => {
  const { snapshot, firstDifference, compareLines, outcomeText, checkRerun, Kind: K } = await replayModel();
  const { rec, events } = await twoTurns();
  const expected = snapshot(reader(events), 9);
  assert.equal(firstDifference(expected, reader(events.slice(0, 11))), null, 'the same events up to the point');
  // Past the point the re-run may differ (its tick was cut): not compared.
  assert.equal(firstDifference(expected, reader([...events.slice(0, 9), [K.tickEnd, 1, 2]])), null);
  const swapped = events.map((e, i) => (i === 6 ? [K.resumeBegin, 2, 0] : e));
  assert.deepEqual(firstDifference(expected, reader(swapped)), { index: 6, recorded: { kind: K.resumeBegin, id: 3, ref: 0 }, rerun: { kind: K.resumeBegin, id: 2, ref: 0 } });
  assert.deepEqual(firstDifference(expected, reader(events.slice(0, 4))).rerun, null, 'a re-run that ended early');

  const line = (text) => ({ loop: 'cpp', text });
  assert.deepEqual(compareLines([line('a'), line('b')], [line('a')], true), { count: 1, differsAt: null });
  assert.equal(compareLines([line('a')], [line('a'), line('x')], true).differsAt, 1, 'a line the recording never printed');
  assert.deepEqual(compareLines([line('a')], [line('a'), line('x')], false), { count: 1, differsAt: null }, 'past the kept lines nothing is compared');

  const outcome = { status: 'differs', target: 9, pausedAt: 11, comparedFrom: 0, difference: firstDifference(expected, reader(swapped)), lines: { count: 0, differsAt: null }, unrepeatable: ['setTimeout', 'Date', 'now()', 'Math.random'] };
  assert.equal(
    outcomeText(outcome),
    'The re-run differs from the recording at event 6: recorded resume_begin (id 3, ref 0), re-run resume_begin (id 2, ref 0). ' +
      "This run uses the JS loop's timers (setTimeout), which keep real time; clock readings (Date, now()), which follow real time; and Math.random(), which differs every run, so a re-run could not repeat it. " +
      'What you see now is the re-run, paused at event 11.',
  );
  assert.match(outcomeText({ ...outcome, unrepeatable: [] }), /Nothing this run used is known to differ between runs .* so this is unexpected: please report it with the snippet\./);
  assert.equal(
    outcomeText({ ...outcome, difference: null, lines: { count: 2, differsAt: 1, recorded: line('b'), rerun: line('x') }, unrepeatable: ['Math.random'] }),
    'The re-run\'s C++ trace matches the recording up to event 9, but its printed line 2 differs: recorded "b", re-run "x". ' +
      "This run uses Math.random(), which differs every run, so a re-run could not repeat it. What you see now is the re-run, paused at event 11.",
  );
  assert.equal(outcomeText({ ...outcome, status: 'cancelled' }), 'The re-run was stopped before it reached event 9.');

  // A recording that lost events on the way, or has no turns, cannot be checked, so it is not offered.
  assert.equal(checkRerun(rec, reader(events)).ok, true);
  assert.match(checkRerun(rec, reader(events.slice(1))).reason, /Part of this recording was lost on its way to the views/);
  // Events still queued on their way into the store are late, not lost.
  assert.equal(checkRerun(rec, reader(events.slice(0, -3)), 3).ok, true);
  assert.match(checkRerun(rec, reader(events.slice(0, -3)), 2).reason, /Part of this recording was lost/);
  rec.turnsMissing = true;
  assert.match(checkRerun(rec, reader(events)).reason, /does not say how its frames ran/);
});
