// tests/e2e/lib/console_ui.mjs: driving the portal through its accessibility mirror with real
// pointer and keyboard input, for the officer console's browser tests.
//
// Widgets are found by their stable ids (data-id in the #a11y mirror, which the widgets keep at
// each widget's rectangle); a tap is a real mouse click at the centre of that rectangle on the
// canvas, typing is real key presses into the text element the tap focused. A widget below the
// fold is scrolled into view with the mouse wheel first. Every wait is bounded.

import { boxInView } from './ui.mjs';

export const mirror = (id) => `#a11y [data-id="${id}"]`;

export async function waitForId(page, id, timeout = 30000) {
  await page.locator(mirror(id)).first().waitFor({ state: 'attached', timeout });
}

export async function hasId(page, id) {
  return (await page.locator(mirror(id)).count()) > 0;
}

// The widget's rectangle once it is inside the viewport and settled (lib/ui.mjs boxInView).
async function visibleBox(page, selector) {
  const box = await boxInView(page, page.locator(selector).first());
  if (!box) throw new Error(`${selector} never settled in view`);
  return box;
}

export async function tapSelector(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: 30000 });
  const box = await visibleBox(page, selector);
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(box.height / 2, 20));
}

export async function tap(page, id, timeout = 30000) {
  await waitForId(page, id, timeout);
  await tapSelector(page, mirror(id));
}

// Taps a text field until the browser's text element behind it has the focus, three taps at
// most: a tap that lands while the screen still settles (a screen just opened, a status line
// just changed) focuses nothing, and what decides is the focus, not a delay.
async function focusField(page, id, type) {
  for (let attempt = 1; ; attempt++) {
    await tap(page, id);
    try {
      await page.waitForFunction((wanted) => document.activeElement?.classList.contains('aduan-text') &&
        (!wanted || document.activeElement.type === wanted), type, { timeout: 5000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

// Taps a text field and types into it with the keyboard (the browser's own text element).
export async function typeInto(page, id, text) {
  await focusField(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.waitForFunction(([sel, value]) => {
    const el = document.querySelector(sel);
    return el && el.textContent === value;
  }, [mirror(id), text], { timeout: 10000 });
}

// Picks `label` in a searchable picker: its search field takes `search`, then the option whose
// accessible name contains `label` is tapped.
export async function choose(page, pickerId, search, label) {
  const field = `#a11y [data-id="${pickerId}.search"]`;
  await page.locator(field).first().waitFor({ state: 'attached', timeout: 30000 });
  await typeInto(page, `${pickerId}.search`, search);
  const option = `#a11y [data-id^="${pickerId}="][aria-label*="${label}"]`;
  await tapSelector(page, option);
}

// Everything the mirror says, names and texts, as one string.
export async function mirrorText(page) {
  return page.evaluate(() => [...document.querySelectorAll('#a11y [data-id]')]
    .map((el) => `${el.getAttribute('aria-label') || ''} ${el.textContent || ''} ${el.getAttribute('aria-description') || ''}`).join('\n'));
}

export async function waitForText(page, pattern, timeout = 30000) {
  const source = pattern instanceof RegExp ? pattern.source : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = pattern instanceof RegExp ? pattern.flags : '';
  try {
    await page.waitForFunction(([s, f]) => new RegExp(s, f).test([...document.querySelectorAll('#a11y [data-id]')]
      .map((el) => `${el.getAttribute('aria-label') || ''} ${el.textContent || ''} ${el.getAttribute('aria-description') || ''}`).join('\n')),
    [source, flags], { timeout });
  } catch (error) {
    throw new Error(`the screen never showed ${pattern}; it shows:\n${await mirrorText(page)}`);
  }
}

// The id of the first mirror node whose id starts with `prefix` and whose name contains `name`.
export async function idOf(page, prefix, name, timeout = 30000) {
  const selector = `#a11y [data-id^="${prefix}"][aria-label*="${name}"]`;
  await page.locator(selector).first().waitFor({ state: 'attached', timeout });
  return page.locator(selector).first().getAttribute('data-id');
}

// Waits until the widget `id`'s description (a list row's subtitle) matches `pattern`.
export async function waitForDescription(page, id, pattern, timeout = 30000) {
  try {
    await page.waitForFunction(([sel, s, f]) => {
      const el = document.querySelector(sel);
      return el && new RegExp(s, f).test(el.getAttribute('aria-description') || '');
    }, [mirror(id), pattern.source, pattern.flags], { timeout });
  } catch (error) {
    throw new Error(`${id} never described ${pattern}; the screen shows:\n${await mirrorText(page)}`);
  }
}

// Signs an officer in from the portal's home or the console's login: the password is typed
// into the type=password element, which the accessibility copy shows only as asterisks.
export async function signIn(page, username, password) {
  if (!(await hasId(page, 'console.username'))) await tap(page, 'home.officer');
  await typeInto(page, 'console.username', username);
  await focusField(page, 'console.password', 'password');
  await page.keyboard.type(password);
  await page.waitForFunction(([sel, shown]) => document.querySelector(sel)?.textContent === shown,
    [mirror('console.password'), '*'.repeat(password.length)], { timeout: 10000 });
  await tap(page, 'console.login');
  await waitForId(page, 'console.logout');
}

// Taps `id` until `next` is on screen, at most `attempts` taps. A link in the status bar can move
// between reading its rectangle and the click while a sync changes the bar's text, so the click
// may land beside it; the screen it leads to, not a delay, says whether it took.
export async function tapUntil(page, id, next, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    if (await hasId(page, next)) return;
    if (await hasId(page, id)) await tapSelector(page, mirror(id));
    try {
      await waitForId(page, next, 10000);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
