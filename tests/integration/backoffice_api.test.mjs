// The back-office and public APIs on the real server (issue 6, item 5), with tokens from real staff logins
// through the stand-in IdP: outages written by a staff member with oob_outages:write appear on the public
// Open Finance discovery endpoints; a consent a TPP obtained is found by the customer's CPF and revoked on
// the customer's request, and the TPP's tokens die at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as f from './fapi_flow.mjs';
import { CPF, createConsent, readConsent } from './consent_flow.mjs';
import { pki } from './harness.mjs';
import { PORTAL, portalClient, startFederatedServer, startIdp, staffLogin } from './staff_flow.mjs';

let idp, server, portal, ana, bruno, tpp;

before(async () => {
  idp = await startIdp();
  server = await startFederatedServer(idp);
  portal = await portalClient(server);
  const all = 'openid profile oob_outages:read oob_outages:write oob_consents:read oob_consents:write';
  ana = (await staffLogin(server, idp, portal, 'ana', all)).tokens;
  bruno = (await staffLogin(server, idp, portal, 'bruno', all)).tokens;
  const p = await pki();
  tpp = f.flowClient('tpp-one', { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' },
    { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') });
});
after(async () => { await server?.stop(); await idp?.stop(); });

function api(method, path, token, body) {
  return server.request({ method, path, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      origin: PORTAL } });
}

const inHours = (h) => new Date(Date.now() + h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

test('the tokens carry what each staff member may do', () => {
  assert.equal(ana.scope, 'openid profile oob_outages:read oob_outages:write oob_consents:read oob_consents:write');
  assert.equal(bruno.scope, 'openid profile oob_outages:read');
});

test('an outage entered by staff is published on the public discovery endpoints; read-only staff cannot write', async () => {
  const outage = { outageTime: inHours(24), duration: 'PT2H30M', isPartial: false, explanation: 'Manutenção programada' };
  const created = await api('POST', '/backoffice/v1/outages', ana.access_token, outage);
  assert.equal(created.status, 201, created.body);
  assert.equal(created.headers['access-control-allow-origin'], PORTAL);
  const id = created.json.data.id;
  const denied = await api('POST', '/backoffice/v1/outages', bruno.access_token, outage);
  assert.equal(denied.status, 403, denied.body);
  assert.match(denied.headers['www-authenticate'], /insufficient_scope/);
  assert.equal((await api('DELETE', `/backoffice/v1/outages/${id}`, bruno.access_token)).status, 403);
  const read = await api('GET', `/backoffice/v1/outages/${id}`, bruno.access_token);
  assert.equal(read.status, 200, read.body);
  assert.equal(read.json.data.explanation, 'Manutenção programada');

  const published = await server.request({ path: '/open-banking/discovery/v1/outages' });
  assert.equal(published.status, 200, published.body);
  const item = published.json.data.find((o) => o.explanation === 'Manutenção programada');
  assert.ok(item, published.body);
  assert.equal(item.duration, 'PT2H30M');
  assert.equal(item.outageTime, outage.outageTime);
  const status = await server.request({ path: '/open-banking/discovery/v1/status' });
  assert.deepEqual(status.json.data.status.map((s) => s.code), ['OK', 'SCHEDULED_OUTAGE'], status.body);

  assert.equal((await api('DELETE', `/backoffice/v1/outages/${id}`, ana.access_token)).status, 204);
  assert.equal((await api('GET', `/backoffice/v1/outages/${id}`, ana.access_token)).status, 404);
  const after = await server.request({ path: '/open-banking/discovery/v1/outages' });
  assert.equal(after.json.data.find((o) => o.explanation === 'Manutenção programada'), undefined);
});

test('no token is 401 with a challenge; a TPP token never opens the back office', async () => {
  const none = await api('GET', '/backoffice/v1/outages');
  assert.equal(none.status, 401);
  assert.match(none.headers['www-authenticate'], /^Bearer /);
  const { tok } = await f.tokenFlow(server, tpp, { scope: 'openid accounts' });
  const tppToken = await api('GET', '/backoffice/v1/outages', tok.json.access_token);
  assert.equal(tppToken.status, 401);
});

test('staff find a customer\'s consent by CPF and revoke it on the customer\'s request: the TPP\'s tokens die at once', async () => {
  const consentId = await createConsent(server, tpp);
  const { tok } = await f.tokenFlow(server, tpp, { scope: `openid consent:${consentId}` }, { interaction: { cpf: CPF } });
  assert.equal((await f.introspect(server, tpp, tok.json.access_token)).json.active, true);

  const found = await api('GET', `/backoffice/v1/consents?cpf=${CPF}`, ana.access_token);
  assert.equal(found.status, 200, found.body);
  assert.ok(found.json.data.some((c) => c.consentId === consentId && c.status === 'AUTHORISED'), found.body);
  assert.equal((await api('POST', `/backoffice/v1/consents/${encodeURIComponent(consentId)}/revoke`, bruno.access_token)).status, 403);

  const revoked = await api('POST', `/backoffice/v1/consents/${encodeURIComponent(consentId)}/revoke`, ana.access_token);
  assert.equal(revoked.status, 200, revoked.body);
  assert.equal((await f.introspect(server, tpp, tok.json.access_token)).json.active, false, 'the access token died');
  const refreshed = await f.refreshGrant(server, tpp, tok.json.refresh_token);
  assert.equal(refreshed.json.error, 'invalid_grant');
  const data = await readConsent(server, tpp, consentId);
  assert.equal(data.status, 'REJECTED');
  assert.equal(data.rejection.rejectedBy, 'USER');
  assert.equal(data.rejection.reason.code, 'CUSTOMER_MANUALLY_REVOKED');
  const again = await api('POST', `/backoffice/v1/consents/${encodeURIComponent(consentId)}/revoke`, ana.access_token);
  assert.equal(again.status, 422);
  assert.equal(again.json.errors[0].code, 'CONSENTIMENTO_EM_STATUS_REJEITADO');
});
