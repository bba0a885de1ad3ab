// Consents that expire by the clock (issue 5): an unapproved consent is rejected when its authorisation
// window closes (CONSENT_EXPIRED), an authorised one at its expirationDateTime (CONSENT_MAX_DATE_REACHED),
// and either way its tokens die at that moment. The test build's clock route moves the server's time
// forward; the TPP dates its assertions and request objects in that moved time (client.clockOffset).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseConfig, pki, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';
import { CPF, advanceClock, consentApi, createConsent, dateTimeIn, readConsent } from './consent_flow.mjs';

let server, one, shortLived, two;

before(async () => {
  const p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  // The production window (60 minutes, the default) and refresh tokens that outlive the consents here.
  server = await startServer({ overrides: { clients: baseConfig(p).clients } });
  one = f.flowClient('tpp-one', sign, tls);
  // Refresh tokens shorter than the consents: only the consent keeps them alive (RT3). Its own clock.
  shortLived = await startServer({ overrides: { clients: baseConfig(p).clients, fapi: { refreshTokenLifetime: '1h' } } });
  two = f.flowClient('tpp-one', sign, tls);
});
after(async () => { await server?.stop(); await shortLived?.stop(); });

async function advance(seconds, on = server, client = one) {
  client.clockOffset = await advanceClock(on, seconds);
  return client.clockOffset;
}

test('an unapproved consent is REJECTED by the ASPSP (CONSENT_EXPIRED) once 60 minutes have passed, not before', async () => {
  const id = await createConsent(server, one);
  const { par } = await f.pushAuthorization(server, one, { scope: `openid consent:${id}` });
  assert.equal(par.status, 201, par.body);
  await advance(59 * 60);
  assert.equal((await readConsent(server, one, id)).status, 'AWAITING_AUTHORISATION', 'inside the window');
  await advance(2 * 60);
  const data = await readConsent(server, one, id);
  assert.equal(data.status, 'REJECTED');
  assert.equal(data.rejection.rejectedBy, 'ASPSP');
  assert.equal(data.rejection.reason.code, 'CONSENT_EXPIRED');
  // It cannot be authorised any more (A12): a new request for it is an error redirect, never a code.
  const again = await f.pushAuthorization(server, one, { scope: `openid consent:${id}` });
  const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: again.par.json.request_uri });
  assert.equal(res.status, 303, res.body);
  assert.equal(f.responseParams(res.headers.location).error, 'access_denied');
});

test('an authorised consent is REJECTED (CONSENT_MAX_DATE_REACHED) at its expirationDateTime and its tokens die then', async () => {
  const serverNow = Date.now() + (one.clockOffset ?? 0) * 1000;
  const id = await createConsent(server, one, { expirationDateTime: dateTimeIn(2 * 86400, serverNow) });
  const { tok } = await f.tokenFlow(server, one, { scope: `openid consent:${id}` }, { interaction: { cpf: CPF } });
  const refreshToken = tok.json.refresh_token;
  assert.ok(refreshToken);
  assert.equal((await f.introspect(server, one, refreshToken)).json.active, true);
  assert.equal((await readConsent(server, one, id)).status, 'AUTHORISED');

  await advance(2 * 86400 - 120);  // two minutes before the consent's end: still alive
  const before = await f.refreshGrant(server, one, refreshToken);
  assert.equal(before.status, 200, before.body);
  const access = before.json.access_token;
  assert.equal((await f.introspect(server, one, access)).json.active, true);

  await advance(180);  // one minute after it
  // Checked before anything reads the consent: the tokens die with the date, not with a later read.
  assert.equal((await f.introspect(server, one, access)).json.active, false, 'the access token is inactive');
  assert.equal((await f.introspect(server, one, refreshToken)).json.active, false, 'the refresh token is inactive');
  const after = await f.refreshGrant(server, one, refreshToken);
  assert.equal(after.status, 400, after.body);
  assert.equal(after.json.error, 'invalid_grant');
  const data = await readConsent(server, one, id);
  assert.equal(data.status, 'REJECTED');
  assert.equal(data.rejection.rejectedBy, 'ASPSP');
  assert.equal(data.rejection.reason.code, 'CONSENT_MAX_DATE_REACHED');
});

test('extending a consent keeps its refresh token alive to the new date (RT3), and no longer', async () => {
  const day = 86400;
  const id = await createConsent(shortLived, two, { expirationDateTime: dateTimeIn(day) });
  const { tok } = await f.tokenFlow(shortLived, two, { scope: `openid consent:${id}` }, { interaction: { cpf: CPF } });
  const refreshToken = tok.json.refresh_token;
  const until = dateTimeIn(3 * day);
  const ext = await consentApi(shortLived, two, tok.json.access_token, 'POST', `/${id}/extends`, {
    body: { data: { loggedUser: { document: { identification: CPF, rel: 'CPF' } }, expirationDateTime: until } },
    headers: { 'x-fapi-customer-ip-address': '203.0.113.7', 'x-customer-user-agent': 'test-agent' },
  });
  assert.equal(ext.status, 201, ext.body);

  await advance(2 * day, shortLived, two);  // past the 1 h refresh lifetime and the consent's first date
  const inside = await f.introspect(shortLived, two, refreshToken);
  assert.equal(inside.json.active, true, inside.body);
  assert.equal(inside.json.exp, Date.parse(until) / 1000, 'the refresh token now ends with the consent');
  const refreshed = await f.refreshGrant(shortLived, two, refreshToken);
  assert.equal(refreshed.status, 200, refreshed.body);
  assert.equal((await readConsent(shortLived, two, id)).status, 'AUTHORISED');

  await advance(day + 60, shortLived, two);  // a minute past the extended date
  const after = await f.refreshGrant(shortLived, two, refreshToken);
  assert.equal(after.status, 400, after.body);
  assert.equal(after.json.error, 'invalid_grant');
  assert.equal((await readConsent(shortLived, two, id)).rejection?.reason?.code, 'CONSENT_MAX_DATE_REACHED');
});
