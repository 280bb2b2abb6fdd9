// Kiosk mode's set-up as an agency admin does it at the device (tests/e2e/kiosk.test.mjs,
// receipt_claim.test.mjs): from the citizen's settings into the kiosk's program (kiosk.html),
// signed in, the office, the PIN and the idle time typed, then "Aktifkan". Waits for states only.
import { waitForLog } from './harness.mjs';
import { openPortal, message } from './ui.mjs';
import { tap, typeInto, typeSecret, waitForText, waitForWidget } from './citizen_ui.mjs';
import { addOfficer } from './officer_wire.mjs';

export const kioskAgency = 'kab-32.12-dinkes';
export const kioskOffice = 'MPP Indramayu';
export const kioskPassword = 'kata-sandi-panjang';
export const kioskPin = '482913';

export function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

// The kiosk's welcome, once set up.
export function kioskWelcome() {
  return new RegExp(escapeRegExp(message('kiosk.welcome').replace('{1}', kioskOffice)));
}

// Adds the agency admin to `server` and sets `page` (a fresh browser) up as the office's kiosk.
// Returns the idle time the set-up form offered before anything was typed (seconds, as text).
export async function setUpKiosk(page, server, { idleSeconds = 90 } = {}) {
  addOfficer(server.dataDir, { username: 'admin.mpp', password: kioskPassword, role: 'agency_admin', agency: kioskAgency });
  await openPortal(page, server.url + '/');
  await tap(page, 'button', message('nav.settings'));
  await tap(page, 'button', message('kiosk.setup_open'));
  await waitForWidget(page, 'textbox', message('kiosk.idle_seconds'));
  const offeredIdle = await page.evaluate((name) => window.aduanUi.nodes()
    .find((n) => n.role === 'textbox' && n.name === name).value, message('kiosk.idle_seconds'));
  await typeInto(page, message('console.username'), 'admin.mpp');
  await typeSecret(page, message('console.password'), kioskPassword);
  await typeInto(page, message('kiosk.office'), kioskOffice);
  await typeSecret(page, message('kiosk.pin'), kioskPin);
  await typeSecret(page, message('kiosk.pin_again'), kioskPin);
  // The idle time left as it was: the office's default, 90 s.
  if (idleSeconds !== 90) await typeInto(page, message('kiosk.idle_seconds'), String(idleSeconds));
  // The device registers with the server on its own; its first pull says it holds credentials.
  await waitForLog(server, '/api/v1/events:pull');
  await tap(page, 'button', message('kiosk.activate'));
  await waitForText(page, kioskWelcome());
  return { offeredIdle };
}
