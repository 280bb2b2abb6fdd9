// Finding and using the portal's widgets in browser tests. The canvas has no DOM of its own, so
// widgets are found through the accessibility mirror (web/bridge.js: role, accessible name, the
// widget's rectangle) and then used with real pointer, touch and keyboard input at the middle
// of that rectangle, as a person would; never with fixed coordinates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForInteractive, repoRoot } from './harness.mjs';

// The mirror element of a widget, e.g. mirror(page, 'button', 'Laporan baru').
export function mirror(page, role, name) {
  return page.locator('#a11y').getByRole(role, { name, exact: true });
}

// The element's rectangle once it lies inside the viewport (above `bottom`, e.g. an on-screen
// keyboard's top) and stays put across a settled frame: the program is idle, and the same
// rectangle is read twice. A widget outside is brought in with `scrollBy(delta)` (the mouse wheel
// unless the caller drags a finger). What decides is the program's state, not a pause.
export async function boxInView(page, element, { bottom = async () => Infinity, scrollBy } = {}) {
  const viewport = page.viewportSize();
  const wheel = async (delta) => {
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, delta);
  };
  let previous = null;
  for (let i = 0; i < 60; i++) {
    await programIdle(page);
    const box = await element.boundingBox();
    const limit = Math.min(viewport.height, await bottom());
    const inView = box && box.y >= 0 && box.y + box.height <= limit;
    if (inView && previous && box.x === previous.x && box.y === previous.y) return box;
    previous = box;
    if (inView) continue;
    const centre = box ? box.y + box.height / 2 : viewport.height;
    await (scrollBy || wheel)(Math.max(-400, Math.min(400, centre - limit / 2)));
  }
  return null;
}

async function centreOf(page, role, name, timeout = 10000) {
  const element = mirror(page, role, name);
  await element.waitFor({ state: 'attached', timeout });
  const box = await boxInView(page, element.first());
  if (!box) throw new Error(`${role} "${name}" never settled in view`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// A mouse click in the middle of the widget.
export async function clickByRole(page, role, name) {
  const { x, y } = await centreOf(page, role, name);
  await page.mouse.click(x, y);
}

// A finger tap in the middle of the widget (the context needs hasTouch).
export async function tapByRole(page, role, name) {
  const { x, y } = await centreOf(page, role, name);
  await page.touchscreen.tap(x, y);
}

// Taps (or clicks) a text field and types into it with the keyboard.
export async function fillField(page, name, text, { touch = false } = {}) {
  await (touch ? tapByRole : clickByRole)(page, 'textbox', name);
  await page.waitForFunction(() => document.activeElement?.classList.contains('aduan-text'));
  await page.keyboard.type(text);
}

// What a widget shows: a text field's value, otherwise its accessible name or text.
export async function textOf(page, role, name) {
  const element = mirror(page, role, name);
  await element.waitFor({ state: 'attached' });
  return element.textContent();
}

// Waits until a text field's value (as the program holds it) is `value`.
export async function waitForValue(page, name, value, timeout = 10000) {
  await page.waitForFunction(([n, v]) => (window.aduanUi?.nodes() || [])
    .some((node) => node.role === 'textbox' && node.name === n && node.value === v),
  [name, value], { timeout });
}

// Opens the portal and waits for its first usable frame and its mirror.
export async function openPortal(page, url) {
  await page.goto(url);
  await waitForInteractive(page);
  await page.waitForFunction(() => (window.aduanUi?.nodes() || []).length > 0);
}

// The page's count of the program's frames and when the last was drawn (Module.onFrameDrawn is
// called after each frame); installed once per page load, chained to any handler already there.
function installFrameCounter() {
  if (window.__aduanFrames) return;
  const frames = { count: 0, lastAt: performance.now() };
  window.__aduanFrames = frames;
  const previous = window.Module.onFrameDrawn;
  window.Module.onFrameDrawn = () => {
    frames.count += 1;
    frames.lastAt = performance.now();
    if (previous) previous();
  };
}

// Waits until the program has drawn no frame for `quietMs` and the device store has nothing
// left to make durable: start-up is over (texts, catalog, storage, the first sync), however
// long a busy machine makes it. Bounded by `timeout`.
export async function waitForStillness(page, quietMs = 1000, timeout = 30000) {
  await page.evaluate(installFrameCounter);
  await page.waitForFunction((ms) => {
    const storage = window.Module.aduanStorage;
    const settled = !storage || (storage.state === 'ready' && storage.durable === storage.generation);
    return settled && performance.now() - window.__aduanFrames.lastAt >= ms;
  }, quietMs, { timeout, polling: 100 });
}

// Waits until the program has finished drawing what the last input or change asked for: it
// draws on demand, each frame asking for the next through requestAnimationFrame, so two of the
// page's animation frames in which it drew nothing mean the chain has ended and the mirror holds
// the settled screen. A busy machine only makes this slower, never wrong. A screen that keeps
// animating (a countdown) never idles: after `maxFrames` this returns false and the caller's
// own check (the same rectangle twice) decides.
export async function programIdle(page, maxFrames = 90) {
  await page.evaluate(installFrameCounter);
  return page.evaluate((limit) => new Promise((resolve) => {
    let last = window.__aduanFrames.count;
    let quiet = 0;
    let seen = 0;
    const step = () => {
      const now = window.__aduanFrames.count;
      if (now === last) quiet += 1; else { quiet = 0; last = now; }
      seen += 1;
      if (quiet >= 2 || seen >= limit) resolve(quiet >= 2); else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), maxFrames);
}

// Counts frames the program draws during `ms` of doing nothing.
export async function framesDrawnDuring(page, ms) {
  await page.evaluate(installFrameCounter);
  return page.evaluate((wait) => new Promise((done) => {
    const before = window.__aduanFrames.count;
    setTimeout(() => done(window.__aduanFrames.count - before), wait);
  }), ms);
}

// A message of the portal's catalog (assets/i18n/<language>.txt), so tests name widgets by
// the same text the citizen reads without repeating it.
const catalogs = new Map();
export function message(key, language = 'id') {
  if (!catalogs.has(language)) {
    const lines = readFileSync(join(repoRoot, 'assets/i18n', `${language}.txt`), 'utf8').split('\n');
    const entries = new Map();
    for (const line of lines) {
      const match = /^([a-z0-9_.]+)\s*=\s*(.*)$/.exec(line);
      if (match) entries.set(match[1], match[2]);
    }
    catalogs.set(language, entries);
  }
  const text = catalogs.get(language).get(key);
  if (text === undefined) throw new Error(`no message ${key} in ${language}.txt`);
  return text;
}
