// Desktop and power: a mouse click focuses a field's text element and the keyboard types into
// it; a screen reader's activation (a click on the mirror element) presses the widget; an idle
// portal draws no frames at all, and a focused field draws only its caret's blinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchForErrors, distinctColours } from './lib/harness.mjs';
import { openPortal, clickByRole, fillField, mirror, message, waitForValue, framesDrawnDuring,
  waitForStillness }
  from './lib/ui.mjs';

async function open(t) {
  const server = await startServer();
  const { context } = await launchBrowser();
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await openPortal(page, server.url + '/');
  return { page, problems };
}

test('an idle portal draws no frames; a focused field draws only its caret', async (t) => {
  const { page, problems } = await open(t);
  await waitForStillness(page);  // start-up settles: fonts, storage opening, first sync
  const idle = await framesDrawnDuring(page, 5000);
  assert.equal(idle, 0, `${idle} frames drawn while idle`);

  await clickByRole(page, 'button', message('nav.new_report'));
  await fillField(page, message('form.title'), 'x');
  const blinking = await framesDrawnDuring(page, 2000);
  assert.ok(blinking > 0, 'the caret blinks while a field is focused');
  await page.keyboard.press('Escape');  // puts the text element away
  await page.waitForFunction(() => !window.aduanUi.nodes().some((n) => n.focused));
  await waitForStillness(page, 500);
  assert.equal(await framesDrawnDuring(page, 2000), 0, 'no frames once the field lost focus');
  console.log(`frames: idle 0 in 5 s, caret ${blinking} in 2 s`);
  assert.deepEqual(problems, []);
});

test('a mouse click focuses the text element and typing, paste and selection reach the field', async (t) => {
  const { page, problems } = await open(t);
  await clickByRole(page, 'button', message('nav.new_report'));
  const title = message('form.title');
  await fillField(page, title, 'Lampu jalan mati');
  await waitForValue(page, title, 'Lampu jalan mati');
  // Editing in the middle: the caret the browser moves is the caret ImGui draws.
  await page.keyboard.press('Home');
  await page.keyboard.type('Dua ');
  await waitForValue(page, title, 'Dua Lampu jalan mati');
  const caret = await page.evaluate(() => window.aduanUi.nodes().find((n) => n.focused));
  assert.ok(caret);
  // Paste goes through the browser's own input event.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ' di Jl. Mawar');
    document.activeElement.setSelectionRange(999, 999);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }));
    document.execCommand('insertText', false, ' di Jl. Mawar');
  });
  await waitForValue(page, title, 'Dua Lampu jalan mati di Jl. Mawar');
  assert.deepEqual(problems, []);
});

test('a screen reader activates a widget through its mirror element', async (t) => {
  const { page, problems } = await open(t);
  // What a screen reader's default action does: a click event on the element, no pointer.
  await mirror(page, 'button', message('nav.new_report')).dispatchEvent('click');
  await mirror(page, 'textbox', message('form.title')).waitFor({ state: 'attached' });
  const roles = await page.evaluate(() => [...new Set(window.aduanUi.nodes().map((n) => n.role))]);
  for (const role of ['heading', 'textbox', 'button']) assert.ok(roles.includes(role), role);
  assert.deepEqual(problems, []);
});

test('the keyboard alone reaches and presses widgets through the mirror', async (t) => {
  const { page, problems } = await open(t);
  const target = mirror(page, 'button', message('nav.new_report'));
  // Tab until the "new report" button has focus; a bounded number of steps.
  for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await target.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Enter');
  const title = mirror(page, 'textbox', message('form.title'));
  await title.waitFor({ state: 'attached' });
  // Tab onto the title field hands it to the real text element; typing lands in the field.
  for (let i = 0; i < 30; i++) {
    const onTitle = await page.evaluate((name) =>
      document.activeElement.classList.contains('aduan-text') &&
      document.activeElement.getAttribute('aria-label') === name, message('form.title'));
    if (onTitle) break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type('Got');
  await waitForValue(page, message('form.title'), 'Got');
  assert.deepEqual(problems, []);
});

test('a lost WebGL context (a phone reclaiming the GPU) is drawn again once restored', async (t) => {
  const { page, problems } = await open(t);
  assert.ok(await distinctColours(page) > 20);
  await page.evaluate(() => {
    const gl = document.getElementById('canvas').getContext(window.Module.webglVersion === 2 ? 'webgl2' : 'webgl');
    window.loseContext = gl.getExtension('WEBGL_lose_context');
    window.loseContext.loseContext();
  });
  await page.waitForFunction(() => document.getElementById('canvas').getContext(
    window.Module.webglVersion === 2 ? 'webgl2' : 'webgl').isContextLost());
  assert.ok(await distinctColours(page) < 5, 'the lost canvas is blank');
  await page.evaluate(() => window.loseContext.restoreContext());
  await page.waitForFunction(() => !document.getElementById('canvas').getContext(
    window.Module.webglVersion === 2 ? 'webgl2' : 'webgl').isContextLost());
  let colours = 0;
  for (let i = 0; i < 40 && colours <= 20; i++) {  // bounded: the first frame after restoring
    colours = await distinctColours(page);
    if (colours <= 20) await page.waitForTimeout(250);
  }
  assert.ok(colours > 20, `canvas still blank after restore: ${colours} colours`);
  assert.deepEqual(problems, []);
});
