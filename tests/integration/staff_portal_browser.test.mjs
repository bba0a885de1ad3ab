// Staff members log into the Back Office Portal through the institution's IdP in a real browser (issue 6):
// Debian's Chromium, headless, driven by playwright-core; the real fapid; the stand-in IdP (oidc-provider);
// a stand-in portal page at https://portal.example that does what the real portal does from the browser
// (PKCE, code redemption with CORS, the outages API, logout), served over HTTPS by this test. Ana may write outages, Bruno only read them.
// Screenshots go under FAPID_TEST_ARTIFACTS_DIR (default build/test-artifacts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { SOURCE_DIR, ms, pki } from './harness.mjs';
import { NONFAPI, PORTAL, PORTAL_SECRET_FILE, STAFF, introspect, startFederatedServer, startIdp } from './staff_flow.mjs';
import { portalPage } from './staff_portal_page.mjs';

const ARTIFACTS = process.env.FAPID_TEST_ARTIFACTS_DIR ?? path.join(SOURCE_DIR, 'build', 'test-artifacts');
let idp, server, browser, portalSite;

before(async () => {
  const p = await pki();
  idp = await startIdp();
  server = await startFederatedServer(idp);
  const html = portalPage({ issuer: NONFAPI, apiBase: new URL(NONFAPI).origin, clientId: 'backoffice-portal',
    clientSecret: p.read(PORTAL_SECRET_FILE).trim(), scope: 'openid profile oob_outages:read oob_outages:write' });
  // The portal is a real HTTPS site of its own (the browser reaches it by name, as it does the bank).
  portalSite = https.createServer({ cert: p.read('server.crt'), key: p.read('server.key') }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => portalSite.listen(0, '127.0.0.1', resolve));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Our server, the IdP and the portal present the dev PKI's server certificate (pinned by launchChromium).
  browser = await launchChromium({ hosts: { 'as.fapid.test': server.tlsPort, 'portal.example': portalSite.address().port } });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.stop();
  portalSite?.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `staff-portal-${name}.png`), fullPage: true });

async function portalTab() {
  const context = await browser.newContext({ locale: 'en' });
  return { context, page: await context.newPage() };
}

const logText = (page) => page.locator('#log').textContent();
const signInAtPortal = (page) => Promise.all([page.waitForURL((u) => u.origin === new URL(idp.issuer).origin),
  page.getByRole('button', { name: 'Sign in with the bank' }).click()]);
// The portal's start page, then its sign-in button: the browser lands on the IdP's login page.
async function toIdpLogin(page) {
  await page.goto(`${PORTAL}/`);
  await waitDone(page);
  await signInAtPortal(page);
}
const waitDone = (page) => page.waitForSelector('body[data-done="yes"]', { timeout: ms(15_000) });

for (const [user, expectedScope, createStatus] of [
  ['ana', 'openid profile oob_outages:read oob_outages:write', 201],
  ['bruno', 'openid profile oob_outages:read', 403],
]) {
  test(`${user} signs in through the IdP, gets "${expectedScope}", creating an outage answers ${createStatus}, and signs out`, async () => {
    const { context, page } = await portalTab();
    try {
      await toIdpLogin(page);
      await page.getByLabel('Username').fill(user);
      await page.getByLabel('Password').fill(STAFF[user].password);
      if (user === 'ana') await shot(page, 'idp-login');
      await Promise.all([page.waitForURL((u) => u.origin === PORTAL && u.pathname === '/home', { timeout: ms(15_000) }),
        page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
      await waitDone(page);
      const log = await logText(page);
      assert.match(log, /token: 200/, log);
      assert.match(log, new RegExp(`scope: ${expectedScope}\\n`), log);
      assert.match(log, /list outages: 200/, log);
      assert.match(log, new RegExp(`create outage: ${createStatus}`), log);
      assert.equal(await page.locator('#who').textContent(), `Signed in as ${STAFF[user].name} (${user})`);
      await shot(page, `${user}-signed-in`);

      const tokens = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tokens')));
      assert.equal((await introspect(server, tokens.access_token)).json.active, true);
      await Promise.all([page.waitForURL((u) => u.origin === PORTAL && u.pathname === '/', { timeout: ms(15_000) }),
        page.getByRole('button', { name: 'Sign out' }).click()]);
      await waitDone(page);
      assert.equal(new URL(page.url()).searchParams.get('state'), 'signed-out');
      assert.match(await logText(page), /signed out/);
      assert.equal((await introspect(server, tokens.access_token)).json.active, false, 'the token died with the session');
      // The IdP session is over too: signing in again asks for the password.
      await signInAtPortal(page);
      assert.ok(await page.getByLabel('Password').isVisible(), 'the IdP asks for the password again');
    } finally {
      await context.close();
    }
  });
}

test('a wrong password at the IdP leaves the staff member on the IdP page, and the portal gets nothing', async () => {
  const { context, page } = await portalTab();
  try {
    await toIdpLogin(page);
    await page.getByLabel('Username').fill('bruno');
    await page.getByLabel('Password').fill('not-his-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(new URL(page.url()).origin, new URL(idp.issuer).origin);
  } finally {
    await context.close();
  }
});

test('when the IdP fails the staff member sees our error page, readable, with no stack trace', async () => {
  const { context, page } = await portalTab();
  try {
    await toIdpLogin(page);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(STAFF.ana.password);
    await idp.setFault('bad-signature');
    try {
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(`${NONFAPI}/interaction/callback`)),
        page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
      assert.equal(response.status(), 403);
      await page.getByRole('heading').first().waitFor();
      assert.match(await page.locator('body').textContent(), /could not be completed/);
      assert.equal(new URL(page.url()).origin, new URL(NONFAPI).origin, 'the browser stays with us; the portal gets nothing');
      await shot(page, 'idp-failure');
    } finally { await idp.setFault(null); }
  } finally {
    await context.close();
  }
});
