// Phones: a tap on a text field focuses a real text element inside the tap itself (what makes
// a phone raise its keyboard), typing and IME composition land in the field, Enter moves on,
// a drag scrolls without pressing anything, tap targets are large and nothing scrolls sideways.
// Widgets are found through the accessibility mirror and used with real touch input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tapByRole, mirror, message, waitForValue } from './lib/ui.mjs';
import { openCitizenHome } from './lib/citizen_ui.mjs';

const phone = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };

async function openNewReport(t) {
  const { page, context, problems } = await openCitizenHome(t, phone);
  await tapByRole(page, 'button', message('nav.new_report'));
  await mirror(page, 'textbox', message('form.title')).waitFor({ state: 'attached' });
  return { page, context, problems };
}

// Records which element has focus at the end of every touchend, after the app's own handler
// on the canvas (this listener sits on the window, which the event reaches last).
async function watchFocusInTouchEnd(page) {
  await page.evaluate(() => {
    window.focusAtTouchEnd = [];
    window.addEventListener('touchend', () => {
      const el = document.activeElement;
      window.focusAtTouchEnd.push({ tag: el.tagName, cls: el.className, mode: el.inputMode,
        caps: el.getAttribute('autocapitalize'), label: el.getAttribute('aria-label') });
    });
  });
}

test('a tapped field has its text element focused within the tap; typing and IME land in it', async (t) => {
  const { page, context, problems } = await openNewReport(t);
  const title = message('form.title');
  await watchFocusInTouchEnd(page);

  const box = await mirror(page, 'textbox', title).boundingBox();
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  const seen = await page.evaluate(() => window.focusAtTouchEnd);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].tag, 'INPUT', 'focused inside the touchend handler');
  assert.match(seen[0].cls, /aduan-text/);
  assert.equal(seen[0].label, title);
  assert.equal(seen[0].caps, 'sentences');

  await page.keyboard.type('Jalan ');
  // An IME composition as a phone keyboard makes it: marked text, then committed text.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'rus', selectionStart: 3, selectionEnd: 3 });
  await cdp.send('Input.imeSetComposition', { text: 'rusak', selectionStart: 5, selectionEnd: 5 });
  await cdp.send('Input.insertText', { text: 'rusak' });
  await waitForValue(page, title, 'Jalan rusak');
  assert.equal(await mirror(page, 'textbox', title).textContent(), 'Jalan rusak');

  // Enter in a single-line field moves on to the next field.
  await page.keyboard.press('Enter');
  await page.waitForFunction((name) => {
    const focused = window.aduanUi.nodes().find((n) => n.focused);
    return focused && focused.name !== name;
  }, title);
  // ... and scrolls it into view, as it would be above a phone's keyboard.
  await page.waitForFunction(() => {
    const focused = window.aduanUi.nodes().find((n) => n.focused);
    return focused && focused.y >= 0 && focused.y + focused.h <= window.innerHeight;
  });

  // A tap away from every field puts the keyboard away.
  const heading = await page.locator('#a11y [role=heading]').first().boundingBox();
  await page.touchscreen.tap(heading.x + 4, heading.y + heading.height / 2);
  await page.waitForFunction(() => !document.activeElement.classList.contains('aduan-text'));
  await page.waitForFunction(() => !window.aduanUi.nodes().some((n) => n.focused));
  assert.deepEqual(problems, []);
});

test('at 360x640 nothing scrolls sideways and every tap target is at least 44 px tall', async (t) => {
  const { page, problems } = await openNewReport(t);
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width} px wide`);
  const nodes = await page.evaluate(() => window.aduanUi.nodes());
  const small = nodes.filter((n) => ['button', 'textbox', 'checkbox', 'radio'].includes(n.role) &&
    n.h < 44);
  assert.deepEqual(small.map((n) => `${n.id} ${n.h}`), []);
  const wide = nodes.filter((n) => n.x + n.w > 360 + 0.5);
  assert.deepEqual(wide.map((n) => `${n.id} ${n.x + n.w}`), []);
  assert.deepEqual(problems, []);
});

test('a finger drag scrolls the screen and presses nothing', async (t) => {
  const { page, context, problems } = await openNewReport(t);
  const heading = mirror(page, 'heading', message('nav.new_report'));
  const before = (await heading.boundingBox()).y;
  const cdp = await context.newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 180, y }] });
  await touch('touchStart', 500);
  for (let y = 480; y >= 200; y -= 20) await touch('touchMove', y);
  await touch('touchEnd', 200);
  await page.waitForFunction(([name, y]) => {
    const h = window.aduanUi.nodes().find((n) => n.role === 'heading' && n.name === name);
    return !h || h.y < y - 100;
  }, [message('nav.new_report'), before]);
  // Still on the same screen, no field focused: the drag was not a tap.
  assert.equal(await mirror(page, 'textbox', message('form.title')).count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('aduan-text')), false);
  assert.deepEqual(problems, []);
});
