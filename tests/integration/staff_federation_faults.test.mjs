// Every way the institution's IdP can fail a staff login (issue 6, item 6; ATTACKS.md F01-F05): the staff
// member sees a clear error page, nothing is issued to the portal, and the event is logged and counted.
// Also an IdP key rotation in the middle of a run, and a portal client outside the federation's allowed list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseConfig, pki } from './harness.mjs';
import { PORTAL_HOME, STAFF, browseLogin, browserGet, portalClient, startFederatedServer, startIdp, startLogin, staffLogin } from './staff_flow.mjs';

let idp, server, portal;

before(async () => {
  idp = await startIdp();
  server = await startFederatedServer(idp, { overrides: { federation: { httpTimeout: '1s' } } });
  portal = await portalClient(server);
});
after(async () => { await server?.stop(); await idp?.stop(); });

const CALLBACK_ROUTE = '/auth-nonfapi/interaction/callback';

async function counted(route, error) {
  const res = await server.request({ listener: 'ops', path: '/metrics' });
  const line = res.body.split('\n').find((l) => l.startsWith(`fapid_oauth_errors_total{route="${route}",error="${error}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

// The login ends on our error page: status, no redirect (so no code for the portal), counted and logged.
async function refusedAtCallback(user, status, error, { phrase } = {}) {
  const before = await counted(CALLBACK_ROUTE, error);
  const linesBefore = server.lines.length;
  const login = await startLogin(portal);
  const { callback } = await browseLogin(server, idp, login.url, user);
  assert.ok(callback, 'the IdP sent the browser back');
  assert.equal(callback.status, status, callback.body);
  assert.equal(callback.headers.location, undefined, 'nothing goes to the portal');
  assert.match(callback.headers['content-type'], /text\/html/);
  assert.doesNotMatch(callback.body, /at |\.cpp|exception/i, 'no stack trace');
  if (phrase) assert.match(callback.body, phrase);
  assert.equal(await counted(CALLBACK_ROUTE, error), before + 1, 'counted');
  const logged = server.lines.slice(linesBefore).find((l) => l.event === 'oauth_error' && l.route === CALLBACK_ROUTE);
  assert.ok(logged, 'logged');
  assert.equal(logged.error, error);
  return logged;
}

// A login that has passed the IdP's page: the IdP's answer (atIdp.redirect) not yet brought back to us.
async function loggedInAtIdp(user) {
  const login = await startLogin(portal);
  const start = await browserGet(server, login.url);
  const cookies = [start.headers['set-cookie']].flat().map((c) => c.split(';')[0]);
  return { atIdp: await idp.login(start.headers.location, user, STAFF[user].password, new Map()), cookies };
}

for (const [fault, detail] of [['bad-signature', /signature/], ['foreign-key', /signature/], ['wrong-nonce', /nonce/],
  ['wrong-audience', /aud/]]) {
  test(`an ID token with a ${fault} is refused (F02-F04): error page, nothing issued`, async () => {
    await idp.setFault(fault);
    try {
      const logged = await refusedAtCallback('ana', 403, 'access_denied', { phrase: /could not be accepted/ });
      assert.match(logged.detail, detail);
    } finally { await idp.setFault(null); }
  });
}

test('the IdP refusing our code (token endpoint 400) is an error page', async () => {
  await idp.setFault('token-error');
  try { await refusedAtCallback('bruno', 403, 'access_denied'); } finally { await idp.setFault(null); }
});

test('the IdP failing (token endpoint 500, HTML) is a 503 page saying to try again', async () => {
  await idp.setFault('server-error');
  try { await refusedAtCallback('bruno', 503, 'temporarily_unavailable', { phrase: /try again/ }); } finally { await idp.setFault(null); }
});

test('an IdP slower than httpTimeout costs the staff member one deadline, not a hang', async () => {
  const { atIdp, cookies } = await loggedInAtIdp('ana');
  await idp.setFault('slow', { delayMs: 4000 });
  try {
    const t0 = Date.now();
    const callback = await browserGet(server, atIdp.redirect, cookies);
    assert.equal(callback.status, 503, callback.body);
    assert.ok(Date.now() - t0 < 3500, `answered in ${Date.now() - t0} ms`);
  } finally { await idp.setFault(null); }
});

test('an unreachable IdP is a 503 page', async () => {
  const { atIdp, cookies } = await loggedInAtIdp('bruno');
  await idp.setFault('unreachable');
  try {
    const callback = await browserGet(server, atIdp.redirect, cookies);
    assert.equal(callback.status, 503, callback.body);
    assert.equal(callback.headers.location, undefined);
  } finally { await idp.setFault(null); }
});

test('a replayed state is refused (F03), and so is the IdP answer in another browser', async () => {
  const login = await startLogin(portal);
  const { callback, atIdp, cookies } = await browseLogin(server, idp, login.url, 'ana');
  assert.equal(callback.status, 303);
  const replay = await browserGet(server, atIdp.redirect, cookies);
  assert.equal(replay.status, 403);
  assert.match(replay.body, /expired or was already used/);
  // Another browser (no login cookie) bringing a fresh answer: refused before the code is exchanged.
  const issued = idp.tokensIssued();
  const other = await startLogin(portal);
  const start = await browserGet(server, other.url);
  const elsewhere = await idp.login(start.headers.location, 'ana', STAFF.ana.password, new Map());
  const stolen = await browserGet(server, elsewhere.redirect);
  assert.equal(stolen.status, 403);
  assert.match(stolen.body, /another browser/);
  assert.equal(idp.tokensIssued(), issued, 'the IdP code was never exchanged');
});

test('an IdP key rotation mid-run is followed: the next login verifies with the new key', async () => {
  await staffLogin(server, idp, portal, 'ana');
  const oldKid = idp.kid();
  const newKid = await idp.rotateKeys();
  assert.notEqual(newKid, oldKid);
  const { tokens } = await staffLogin(server, idp, portal, 'bruno');
  assert.equal(tokens.scope, 'openid profile oob_outages:read');
});

test('an IdP discovery document naming another issuer stops logins before anything is sent to it (F01)', async () => {
  await idp.setFault('wrong-issuer');
  const fresh = await startFederatedServer(idp);  // no cached discovery
  try {
    const freshPortal = await portalClient(fresh);
    const login = await startLogin(freshPortal);
    const res = await browserGet(fresh, login.url);
    assert.equal(res.status, 503, res.body);
    assert.equal(res.headers.location, undefined);
    assert.ok(fresh.lines.some((l) => l.event === 'oauth_error' && /issuer/.test(l.detail ?? '')), 'logged with the reason');
  } finally { await idp.setFault(null); await fresh.stop(); }
});

test('a JWKS over the size limit is refused, not loaded', async () => {
  await idp.setFault('huge-jwks');
  const fresh = await startFederatedServer(idp);  // no cached keys
  try {
    const freshPortal = await portalClient(fresh);
    const login = await startLogin(freshPortal);
    const { callback } = await browseLogin(fresh, idp, login.url, 'ana');
    assert.equal(callback.status, 503, callback.body);
  } finally { await idp.setFault(null); await fresh.stop(); }
});

test('a portal client outside INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS cannot log staff in', async () => {
  const p = await pki();
  const reports = { ...baseConfig(p).clients[0], clientId: 'reports-portal' };
  const two = await startFederatedServer(idp, { overrides: { clients: [...baseConfig(p).clients, reports] } });
  try {
    const reportsPortal = await portalClient(two, { clientId: 'reports-portal' });
    const login = await startLogin(reportsPortal);
    const issued = idp.tokensIssued();
    const res = await browserGet(two, login.url);
    assert.equal(res.status, 303);
    const back = new URL(res.headers.location);
    assert.equal(back.origin + back.pathname, PORTAL_HOME);
    assert.equal(back.searchParams.get('error'), 'unauthorized_client');
    assert.equal(back.searchParams.get('state'), login.state);
    assert.equal(idp.tokensIssued(), issued);
  } finally { await two.stop(); }
});
