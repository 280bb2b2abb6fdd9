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

async function centreOf(page, role, name, timeout = 10000) {
  const element = mirror(page, role, name);
  await element.waitFor({ state: 'attached', timeout });
  const box = await element.boundingBox();
  if (!box) throw new Error(`${role} "${name}" has no rectangle`);
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

// Waits until the program has drawn no frame for `quietMs` and the device store has nothing
// left to make durable: start-up is over (texts, catalog, storage, the first sync), however
// long a busy machine makes it. Bounded by `timeout`.
export async function waitForStillness(page, quietMs = 1000, timeout = 30000) {
  await page.evaluate(() => {
    if (window.__aduanLastFrameAt !== undefined) return;
    window.__aduanLastFrameAt = performance.now();
    const previous = window.Module.onFrameDrawn;
    window.Module.onFrameDrawn = () => {
      window.__aduanLastFrameAt = performance.now();
      if (previous) previous();
    };
  });
  await page.waitForFunction((ms) => {
    const storage = window.Module.aduanStorage;
    const settled = !storage || (storage.state === 'ready' && storage.durable === storage.generation);
    return settled && performance.now() - window.__aduanLastFrameAt >= ms;
  }, quietMs, { timeout, polling: 100 });
}

// Counts frames the program draws during `ms` of doing nothing.
export async function framesDrawnDuring(page, ms) {
  return page.evaluate((wait) => new Promise((done) => {
    let frames = 0;
    const previous = window.Module.onFrameDrawn;
    window.Module.onFrameDrawn = () => { frames += 1; };
    setTimeout(() => { window.Module.onFrameDrawn = previous; done(frames); }, wait);
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
