// The customer's journey over the real pages in a real browser (issue 5): Debian's Chromium, headless,
// driven by playwright-core, against the real server over TLS. The TPP creates the consent and pushes
// the authorization request; the browser logs in and decides; the TPP redeems the code and reads the
// consent. Also the reject, wrong-password (and lockout), wrong-customer and expired-consent paths.
// Screenshots of the pages are saved under FAPID_TEST_ARTIFACTS_DIR (default build/test-artifacts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import * as jose from 'jose';
import { launchChromium } from './browser.mjs';
import { FAPID_BIN, SOURCE_DIR, baseConfig, ms, pki, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';
import { CPF, OTHER_CPF, advanceClock, ccToken, consentApi, createConsent, readConsent } from './consent_flow.mjs';

const ARTIFACTS = process.env.FAPID_TEST_ARTIFACTS_DIR ?? path.join(SOURCE_DIR, 'build', 'test-artifacts');
const CLIENT_NAME = 'Exemplo TPP Pagamentos';
const CALLBACK = 'https://tpp-one.example/cb';
const PASSWORD = 'correct horse battery staple';
let server, one, browser;

// `fapid users add` against the server's own store, the password on standard input.
function addUser(login, document, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(FAPID_BIN, ['users', 'add', '--config', server.configPath, '--login', login, '--document', document,
      '--name', name, '--email', `${login}@example.com`], { cwd: path.dirname(server.configPath), stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`users add ${login}: exit ${code}\n${err}`))));
    child.stdin.end(`${PASSWORD}\n`);
  });
}

before(async () => {
  const p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  const base = baseConfig(p);
  server = await startServer({ overrides: {
    clients: [base.clients[0], { ...base.clients[1], clientName: CLIENT_NAME }],
    users: { lockout: { maxFailures: 3, lockFor: '15m' }, claimsByScope: { openid: ['sub', 'name', 'cpf'] } },
    consents: { awaitingAuthorisationLifetime: '1m' },
  } });
  one = f.flowClient('tpp-one', sign, tls);
  await addUser('ana', CPF, 'Ana Souza');
  await addUser('bruno', OTHER_CPF, 'Bruno Lima');
  await addUser('carla', CPF, 'Carla Dias');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The "bank" is on 127.0.0.1 here: Chromium would stop the attacker page's post to it as a public
  // site reaching into the local network, before it reached the server whose refusal is under test.
  browser = await launchChromium({ hosts: { 'as.fapid.test': server.tlsPort }, args: ['--disable-features=LocalNetworkAccessChecks'] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A fresh browser context (its own cookies) whose requests to the TPP's callback are answered locally.
async function newPage(locale = 'pt-BR') {
  const context = await browser.newContext({ locale, extraHTTPHeaders: { 'accept-language': locale } });
  await context.route(`${CALLBACK}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'TPP callback' }));
  const page = await context.newPage();
  return { context, page };
}

// TPP: a consent for CPF and a pushed authorization request for it; the URL the customer is sent to.
async function startJourney() {
  const consentId = await createConsent(server, one);
  const { par, verifier } = await f.pushAuthorization(server, one, { scope: `openid consent:${consentId}` });
  assert.equal(par.status, 201, par.body);
  const url = `${f.ISSUER}/authorize?${f.form({ client_id: 'tpp-one', request_uri: par.json.request_uri })}`;
  return { consentId, verifier, url };
}

async function logIn(page, login, password = PASSWORD) {
  await page.getByLabel(/Usuário|User name/i).fill(login);
  await page.getByLabel(/Senha|Password/i).fill(password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button').click()]);
}

// The authorization response the browser arrived with at the TPP's callback (fragment for code id_token).
async function callbackParams(page) {
  await page.waitForURL((u) => u.href.startsWith(CALLBACK), { timeout: ms(10_000) });
  return f.responseParams(page.url());
}

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `consents-journey-${name}.png`), fullPage: true });

test('happy path: login, consent page with the TPP name and plain permissions, approve, code, token, AUTHORISED', async () => {
  const { consentId, verifier, url } = await startJourney();
  const { context, page } = await newPage();
  const login = await page.goto(url);
  assert.equal(login.status(), 200);
  assert.match(login.headers()['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(login.headers()['x-frame-options'], 'DENY');
  assert.match(login.headers()['cache-control'], /no-store/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'pt-BR');
  assert.ok(await page.getByText(CLIENT_NAME).isVisible(), 'the login page names the TPP');
  assert.equal(await page.locator('script').count(), 0, 'no scripts on the pages');
  // The stylesheet applies (CSP style-src 'self' lets it through).
  assert.notEqual(await page.locator('button').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgba(0, 0, 0, 0)');
  await shot(page, 'login');

  await logIn(page, 'ana');
  assert.ok(await page.getByText(CLIENT_NAME).isVisible(), 'the consent page names the TPP');
  assert.ok(await page.getByText('Ana Souza').isVisible(), 'the consent page names the customer');
  const items = await page.locator('li').allInnerTexts();
  assert.equal(items.length, 3, items.join(' | '));
  for (const item of items) assert.doesNotMatch(item, /_READ/, 'permissions in plain words, not their codes');
  await shot(page, 'consent');

  await page.getByRole('button', { name: /Autorizar/ }).click();
  const response = await callbackParams(page);
  assert.ok(response.code, JSON.stringify(response));
  assert.equal(response.iss, f.ISSUER);
  const tok = await f.redeemCode(server, one, response.code, verifier);
  assert.equal(tok.status, 200, tok.body);
  assert.equal(jose.decodeJwt(tok.json.access_token).consent_id, consentId);
  const idToken = jose.decodeJwt(tok.json.id_token);
  assert.equal(idToken.name, 'Ana Souza', 'users.claimsByScope: openid grants name');
  assert.equal(idToken.cpf, CPF);
  assert.equal(idToken.email, undefined, 'email is not granted by any requested scope');
  const data = await readConsent(server, one, consentId);
  assert.equal(data.status, 'AUTHORISED');
  await context.close();
});

test('reject: the TPP gets access_denied and the consent is REJECTED by USER', async () => {
  const { consentId, url } = await startJourney();
  const { context, page } = await newPage('en');
  await page.goto(url);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await logIn(page, 'ana');
  await page.getByRole('button', { name: /Reject/ }).click();
  const response = await callbackParams(page);
  assert.equal(response.error, 'access_denied');
  assert.equal(response.code, undefined);
  const data = await readConsent(server, one, consentId);
  assert.equal(data.status, 'REJECTED');
  assert.equal(data.rejection.rejectedBy, 'USER');
  assert.equal(data.rejection.reason.code, 'CUSTOMER_MANUALLY_REJECTED');
  await context.close();
});

test('wrong password: a message on the page, no consent decided; the third failure locks the account', async () => {
  const { consentId, url } = await startJourney();
  const { context, page } = await newPage();
  await page.goto(url);
  for (let i = 0; i < 2; ++i) {
    await logIn(page, 'carla', 'not the password');
    assert.equal(await page.getByRole('alert').innerText(), 'Usuário ou senha incorretos.');
    assert.equal(await page.getByLabel(/Usuário|User name/i).inputValue(), 'carla', 'the login typed is kept');
    assert.equal(await page.getByLabel(/Senha|Password/i).inputValue(), '', 'the password is never sent back');
  }
  await shot(page, 'wrong-password');
  await logIn(page, 'carla', 'not the password');  // maxFailures: 3
  assert.match(await page.getByRole('alert').innerText(), /bloquead/i);
  await logIn(page, 'carla');  // the right password, but the account is locked now
  assert.match(await page.getByRole('alert').innerText(), /bloquead/i);
  await shot(page, 'locked');
  assert.equal((await readConsent(server, one, consentId)).status, 'AWAITING_AUTHORISATION');
  await context.close();
});

test('wrong customer: someone else approving gets the TPP access_denied; the consent stays AWAITING_AUTHORISATION', async () => {
  const { consentId, url } = await startJourney();
  const { context, page } = await newPage();
  await page.goto(url);
  await logIn(page, 'bruno');
  await page.getByRole('button', { name: /Autorizar/ }).click();
  const response = await callbackParams(page);
  assert.equal(response.error, 'access_denied');
  assert.equal(response.code, undefined);
  assert.equal((await readConsent(server, one, consentId)).status, 'AWAITING_AUTHORISATION');
  await context.close();
});

test('a cross-site form post of the decision is refused with a page, even in the customer\'s browser with the right token', async () => {
  const { consentId, url } = await startJourney();
  const { context, page } = await newPage();
  await page.goto(url);
  await logIn(page, 'ana');
  const id = await page.locator('input[name=id]').inputValue();
  const csrf = await page.locator('input[name=csrf]').inputValue();
  // Another site, open in the same browser, posts the decision form (it even knows the CSRF token).
  await context.route('https://attacker.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html',
    body: `<form method="post" action="${f.ISSUER}/interaction/decision"><input name="id" value="${id}">` +
      `<input name="csrf" value="${csrf}"><button name="decision" value="approve">win</button></form>` }));
  const attacker = await context.newPage();
  await attacker.goto('https://attacker.example/');
  const [answer] = await Promise.all([attacker.waitForResponse(`${f.ISSUER}/interaction/decision`), attacker.click('button')]);
  assert.equal(answer.status(), 403);
  assert.match(answer.headers()['content-type'], /text\/html/);
  assert.match(await attacker.locator('main').innerText(), /Acesso negado/);
  assert.equal((await readConsent(server, one, consentId)).status, 'AWAITING_AUTHORISATION');
  await context.close();
});

// Last in this file: it moves the server's clock forward, past the TPP's assertions of the tests above.
test('expired consent: past the authorisation window the page says so and the consent is REJECTED (CONSENT_EXPIRED)', async () => {
  const { consentId, url } = await startJourney();
  const { context, page } = await newPage();
  await page.goto(url);
  await logIn(page, 'ana');
  assert.ok(await page.getByRole('button', { name: /Autorizar/ }).isVisible());
  const offset = await advanceClock(server, 61);  // the window is 1 minute here (60 in production)
  await page.reload();
  assert.equal(await page.getByRole('button', { name: /Autorizar/ }).count(), 0, 'nothing left to approve');
  assert.match(await page.locator('main').innerText(), /consentimento/i);
  await shot(page, 'expired-consent');
  // The TPP's assertion must be dated in the server's (moved) time.
  const when = f.now() + offset;
  const token = await ccToken(server, { ...one, clockOffset: offset });
  const read = await consentApi(server, one, token, 'GET', `/${consentId}`);
  assert.equal(read.status, 200, read.body);
  assert.equal(read.json.data.status, 'REJECTED');
  assert.equal(read.json.data.rejection.rejectedBy, 'ASPSP');
  assert.equal(read.json.data.rejection.reason.code, 'CONSENT_EXPIRED');
  assert.ok(Date.parse(read.json.data.statusUpdateDateTime) / 1000 <= when + 5);
  await context.close();
});
