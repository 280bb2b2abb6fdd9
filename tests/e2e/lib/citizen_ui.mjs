// tests/e2e/lib/citizen_ui.mjs: using the citizen's screens as a person would, for browser tests.
//
// Widgets are found in the accessibility mirror by role and accessible name (lib/ui.mjs), then
// brought into view with the mouse wheel or a finger drag (forms are taller than a phone) and
// used with real pointer, touch and keyboard input at the middle of their rectangle. Every
// wait is bounded, and a failed wait says what the screen showed instead.
import { startServer, launchBrowser, watchForErrors, screenshotPixels } from './harness.mjs';
import { boxInView, mirror, openPortal } from './ui.mjs';
import { waitForQuiet } from './device.mjs';

// A photo of noise (hard to compress), made by the browser's own JPEG encoder.
export async function noiseJpeg(page, width, height, quality) {
  const base64 = await page.evaluate(async ([w, h, q]) => {
    const canvas = document.createElement('canvas');
    canvas.width = w; canvas.height = h;
    const g = canvas.getContext('2d');
    const image = g.createImageData(w, h);
    for (let i = 0; i < image.data.length; i++) image.data[i] = (i % 4 === 3) ? 255 : Math.random() * 256;
    g.putImageData(image, 0, 0);
    const bytes = new Uint8Array(await (await new Promise((r) => canvas.toBlob(r, 'image/jpeg', q))).arrayBuffer());
    let s = ''; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(s);
  }, [width, height, quality]);
  return Buffer.from(base64, 'base64');
}

// Everything the mirror says, one widget a line: role, name, value and description.
export async function screenText(page) {
  return page.evaluate(() => (window.aduanUi?.nodes() || [])
    .map((n) => [n.role, n.name, n.value || '', n.description || ''].join(' | ')).join('\n'));
}

export async function waitForWidget(page, role, name, timeout = 30000) {
  try {
    await mirror(page, role, name).first().waitFor({ state: 'attached', timeout });
  } catch {
    throw new Error(`no ${role} "${name}" appeared; the screen shows:\n${await screenText(page)}`);
  }
}

// The widget's rectangle once it is inside the viewport and settled (lib/ui.mjs boxInView),
// scrolled there by wheel or, for touch, by a finger drag, and kept above the on-screen keyboard.
export async function reveal(page, role, name, { touch = false } = {}) {
  await waitForWidget(page, role, name);
  const box = await boxInView(page, mirror(page, role, name).first(), {
    bottom: () => keyboardTop(page),
    scrollBy: touch ? (delta) => dragBy(page, -delta) : undefined,
  });
  if (!box) throw new Error(`${role} "${name}" never settled in view; the screen shows:\n${await screenText(page)}`);
  return box;
}

// Where the kiosk's on-screen keyboard begins (it covers the bottom of the screen while a field
// has the focus): a person scrolls what they want above it. Infinity when none is shown.
async function keyboardTop(page) {
  return page.evaluate(() => Math.min(Infinity,
    ...(window.aduanUi?.nodes() || []).filter((n) => n.key).map((n) => n.y)));
}

// A finger drag on the canvas by `dy` pixels (negative: content moves up), via CDP touch events.
async function dragBy(page, dy) {
  const viewport = page.viewportSize();
  const client = await page.context().newCDPSession(page);
  const x = viewport.width / 2;
  const y0 = viewport.height / 2 - dy / 2;
  await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let step = 1; step <= 6; step++) {
    await client.send('Input.dispatchTouchEvent',
      { type: 'touchMove', touchPoints: [{ x, y: y0 + (dy * step) / 6 }] });
  }
  await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await client.detach();
}

export async function tap(page, role, name, { touch = false } = {}) {
  const box = await reveal(page, role, name, { touch });
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(box.height / 2, 24);
  if (touch) await page.touchscreen.tap(x, y); else await page.mouse.click(x, y);
}

// Taps a button that closes its screen (a receipt's "Selesai") until it is gone, three taps at
// most: a tap that lands while the screen still settles does nothing, and a second tap is only
// made while the button is still there, so it never lands on the next screen.
export async function tapAway(page, role, name, { touch = false } = {}) {
  for (let attempt = 1; ; attempt++) {
    await tap(page, role, name, { touch });
    try {
      await mirror(page, role, name).first().waitFor({ state: 'detached', timeout: 10000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`${role} "${name}" stayed after ${attempt} taps; the screen shows:\n${await screenText(page)}`);
    }
  }
}

// Taps a text field, empties it and types `text` with the keyboard. A tap that landed while the
// screen was still settling (a form just opened) gives no text element the focus: the field is
// tapped again, three times at most, and what decides is the focus, not a delay.
export async function typeInto(page, name, text, { touch = false } = {}) {
  for (let attempt = 1; ; attempt++) {
    await tap(page, 'textbox', name, { touch });
    try {
      await page.waitForFunction(() => document.activeElement?.classList.contains('aduan-text'),
        null, { timeout: 5000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.waitForFunction(([n, v]) => (window.aduanUi?.nodes() || [])
    .some((node) => node.role === 'textbox' && node.name === n && node.value === v),
  [name, text], { timeout: 10000 });
}

// A password or PIN field: the program shows, and the mirror holds, only asterisks.
export async function typeSecret(page, name, text) {
  await tap(page, 'textbox', name);
  await page.waitForFunction(() => document.activeElement?.classList.contains('aduan-text'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.waitForFunction(([n, v]) => (window.aduanUi?.nodes() || [])
    .some((node) => node.role === 'textbox' && node.name === n && node.value === v),
  [name, '*'.repeat(text.length)], { timeout: 10000 });
}

// A searchable picker: types `search` into its field and taps the option named `option`.
export async function choose(page, pickerLabel, search, option, { touch = false } = {}) {
  if (search) await typeInto(page, pickerLabel, search, { touch });
  await tap(page, 'radio', option, { touch });
  await page.waitForFunction((o) => (window.aduanUi?.nodes() || [])
    .some((node) => node.role === 'radio' && node.name === o && node.checked), option, { timeout: 10000 });
}

export async function attribute(page, role, name, attributeName) {
  await waitForWidget(page, role, name);
  return mirror(page, role, name).first().getAttribute(attributeName);
}

// Waits until some widget's name or value matches `pattern`; returns that name or value.
export async function waitForText(page, pattern, timeout = 30000) {
  try {
    const handle = await page.waitForFunction(([source, flags]) => {
      const re = new RegExp(source, flags);
      for (const n of window.aduanUi?.nodes() || []) {
        for (const text of [n.name, n.value, n.description]) if (text && re.test(text)) return text;
      }
      return false;
    }, [pattern.source, pattern.flags], { timeout });
    return handle.jsonValue();
  } catch {
    throw new Error(`the screen never showed ${pattern}; it shows:\n${await screenText(page)}`);
  }
}

// How many strongly red pixels a page region holds (the widgets draw errors in red).
export async function redPixelsIn(page, clip) {
  const { pixels } = await screenshotPixels(page, clip);
  let red = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] > 150 && pixels[i + 1] < 100 && pixels[i + 2] < 100) red += 1;
  }
  return red;
}

// Taps a radio of the Settings screen (open), then checks the device kept it: once everything
// is durably stored, the page is reloaded and Settings show the same radio checked.
export async function settingSurvivesReload(page, radio) {
  const checked = () => page.waitForFunction((name) => window.aduanUi.nodes()
    .some((n) => n.role === 'radio' && n.name === name && n.checked), radio, { timeout: 10000 });
  await tap(page, 'radio', radio);
  await checked();
  await waitForQuiet(page);
  await page.reload();
  await waitForWidget(page, 'button', 'Pengaturan');
  await tap(page, 'button', 'Pengaturan');
  await checked();
}

// A server and a browser with the portal's home open and complete (its last entry drawn:
// storage and texts are loaded); both are closed when the test ends.
export async function openCitizenHome(t, browserOptions = {}) {
  const server = await startServer();
  const { context } = await launchBrowser(browserOptions);
  t.after(async () => { await context.close(); await server.stop(); });
  const page = await context.newPage();
  const problems = watchForErrors(page);
  await openPortal(page, server.url + '/');
  await waitForWidget(page, 'button', 'Pengaturan');
  return { server, page, problems, context };
}
