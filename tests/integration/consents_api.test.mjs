// The consents API (issue 5; SPEC section 17 and the consents API v3 shape; A12-A14, RT3, RT4): creation,
// reading, revocation and extension by the TPP, the 4xx of each, cross-client isolation, idempotency, and
// the consent-bound grant whose tokens die with the consent. The customer's decision here goes through the
// test-only interaction route; the browser journey over the real pages is consents_journey.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MTLS_URL, baseConfig, pki, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';
import { CONSENTS, CPF, OTHER_CPF, apiError, consentBody, inDays } from './consent_flow.mjs';
import * as cf from './consent_flow.mjs';

const TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let server, one, two;

before(async () => {
  const p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const tls2 = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  const like = (clientId, extra) => ({ ...baseConfig(p).clients[1], clientId, ...extra });
  server = await startServer({ overrides: {
    clients: [...baseConfig(p).clients,
      like('tpp-two', { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TWO_DN })],
  } });
  one = f.flowClient('tpp-one', sign, tls);
  two = f.flowClient('tpp-two', sign, tls2, { auth: 'tls' });
});
after(async () => { await server?.stop(); });

const ccToken = (client, scope) => cf.ccToken(server, client, scope);
const api = (client, token, method, path, opts) => cf.consentApi(server, client, token, method, path, opts);
const createConsent = (client = one, extra = {}) => cf.createConsent(server, client, extra);

test('a TPP creates a consent: 201, AWAITING_AUTHORISATION, a URN id, links.self, the interaction id echoed', async () => {
  const interaction = randomUUID();
  const res = await api(one, await ccToken(one), 'POST', '', { body: consentBody(), headers: { 'x-fapi-interaction-id': interaction } });
  assert.equal(res.status, 201, res.body);
  assert.equal(res.headers['x-fapi-interaction-id'], interaction);
  const { data, links, meta } = res.json;
  assert.match(data.consentId, /^urn:[a-zA-Z0-9][a-zA-Z0-9-]{0,31}:\S+$/);
  assert.equal(data.status, 'AWAITING_AUTHORISATION');
  assert.deepEqual(data.permissions, ['ACCOUNTS_READ', 'ACCOUNTS_BALANCES_READ', 'RESOURCES_READ']);
  assert.match(data.creationDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(data.expirationDateTime, undefined, 'no expiration asked: indefinite');
  assert.equal(links.self, `${MTLS_URL}${CONSENTS}/${data.consentId}`);
  assert.ok(meta.requestDateTime);
  const read = await api(one, await ccToken(one), 'GET', `/${data.consentId}`);
  assert.equal(read.status, 200, read.body);
  assert.deepEqual(read.json.data, data);
});

test('a missing or malformed x-fapi-interaction-id is a 400 that still carries a generated one', async () => {
  const token = await ccToken(one);
  for (const id of [undefined, 'not-a-uuid']) {
    const res = await server.request({ listener: 'mtls', method: 'POST', path: CONSENTS, cert: one.tls.cert, key: one.tls.key,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(id ? { 'x-fapi-interaction-id': id } : {}) },
      body: JSON.stringify(consentBody()) });
    apiError(res, 400, 'PARAMETRO_INVALIDO');
    assert.match(res.headers['x-fapi-interaction-id'], /^[0-9a-f-]{36}$/);
  }
});

test('without a valid token 401; with a token lacking scope consents, or a customer token, 403', async () => {
  apiError(await api(one, 'not-a-token', 'POST', '', { body: consentBody() }), 401, 'UNAUTHORIZED');
  apiError(await api(one, await ccToken(one, 'accounts'), 'POST', '', { body: consentBody() }), 403, 'FORBIDDEN');
  // The token is bound to tpp-one's certificate: tpp-two's connection cannot use it (S2).
  apiError(await api(two, await ccToken(one), 'POST', '', { body: consentBody() }), 401, 'UNAUTHORIZED');
});

test('body validation: unknown permission 400, bad CPF 400, past expiry 422, wrong media type 415, nothing created', async () => {
  const token = await ccToken(one);
  apiError(await api(one, token, 'POST', '', { body: consentBody({ permissions: ['ACCOUNTS_READ', 'NOT_A_PERMISSION'] }) }), 400, 'PARAMETRO_INVALIDO');
  apiError(await api(one, token, 'POST', '', { body: consentBody({ loggedUser: { document: { identification: '12345678900', rel: 'CPF' } } }) }), 400, 'PARAMETRO_INVALIDO');
  apiError(await api(one, token, 'POST', '', { body: consentBody({ expirationDateTime: '2020-01-01T00:00:00Z' }) }), 422, 'DATA_EXPIRACAO_INVALIDA');
  apiError(await api(one, token, 'POST', '', { body: '{', headers: {} }), 400, 'PARAMETRO_INVALIDO');
  const wrongType = await api(one, token, 'POST', '', { body: consentBody(), headers: { 'content-type': 'text/plain' } });
  apiError(wrongType, 415, 'UNSUPPORTED_MEDIA_TYPE');
});

test('x-idempotency-key: a repeat returns the first result; the same key with another body is refused', async () => {
  const token = await ccToken(one);
  const key = randomUUID();
  const first = await api(one, token, 'POST', '', { body: consentBody(), headers: { 'x-idempotency-key': key } });
  assert.equal(first.status, 201, first.body);
  const again = await api(one, token, 'POST', '', { body: consentBody(), headers: { 'x-idempotency-key': key } });
  assert.equal(again.status, 201, again.body);
  assert.equal(again.json.data.consentId, first.json.data.consentId, 'the first consent, not a second one');
  const other = await api(one, token, 'POST', '', {
    body: consentBody({ expirationDateTime: inDays(90) }), headers: { 'x-idempotency-key': key } });
  apiError(other, 422, 'ERRO_IDEMPOTENCIA');
});

test('another TPP gets 403 on read, revoke and extensions, never the data; an unknown id is 404', async () => {
  const id = await createConsent(one);
  const token = await ccToken(two);
  for (const [method, path] of [['GET', `/${id}`], ['DELETE', `/${id}`], ['GET', `/${id}/extensions`]]) {
    const res = await api(two, token, method, path);
    apiError(res, 403, 'FORBIDDEN');
    assert.ok(!res.body.includes(CPF), 'no consent data leaks');
  }
  assert.equal((await api(one, await ccToken(one), 'GET', `/${id}`)).json.data.status, 'AWAITING_AUTHORISATION', 'unchanged');
  apiError(await api(one, await ccToken(one), 'GET', '/urn:fapid:unknown'), 404, 'NOT_FOUND');
});

test('DELETE of an awaiting consent: 204, REJECTED by USER (CUSTOMER_MANUALLY_REJECTED); a second DELETE is 422', async () => {
  const id = await createConsent();
  const token = await ccToken(one);
  const del = await api(one, token, 'DELETE', `/${id}`);
  assert.equal(del.status, 204, del.body);
  const read = await api(one, token, 'GET', `/${id}`);
  assert.equal(read.json.data.status, 'REJECTED');
  assert.equal(read.json.data.rejection.rejectedBy, 'USER');
  assert.equal(read.json.data.rejection.reason.code, 'CUSTOMER_MANUALLY_REJECTED');
  const info = read.json.data.rejection.reason.additionalInformation;
  assert.ok(info === undefined || /\S/.test(info), 'additionalInformation is absent or has text (the spec pattern)');
  apiError(await api(one, token, 'DELETE', `/${id}`), 422, 'CONSENTIMENTO_EM_STATUS_REJEITADO');
});

async function authorisedGrant(consentId, interaction = { cpf: CPF }) {
  const flow = await f.authorizeFlow(server, one, { scope: `openid consent:${consentId}` }, { interaction });
  return flow;
}

test('A12-A13: approval binds the grant to the consent; tokens carry consent_id; the consent is AUTHORISED', async () => {
  const id = await createConsent();
  const flow = await authorisedGrant(id);
  assert.ok(flow.response.code, JSON.stringify(flow.response));
  const tok = await f.redeemCode(server, one, flow.response.code, flow.verifier);
  assert.equal(tok.status, 200, tok.body);
  assert.ok(tok.json.refresh_token, 'RT3: a refresh token is issued');
  const claims = JSON.parse(Buffer.from(tok.json.access_token.split('.')[1], 'base64url'));
  assert.equal(claims.consent_id, id);
  const intro = await f.introspect(server, one, tok.json.access_token);
  assert.equal(intro.json.active, true);
  assert.equal(intro.json.consent_id, id);
  const read = await api(one, await ccToken(one), 'GET', `/${id}`);
  assert.equal(read.json.data.status, 'AUTHORISED');
  // A second authorization of the same consent is refused (A12: only AWAITING_AUTHORISATION).
  const { par } = await f.pushAuthorization(server, one, { scope: `openid consent:${id}` });
  const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
  assert.equal(res.status, 303, res.body);
  assert.equal(f.responseParams(res.headers.location).error, 'access_denied');
});

test('A12: an unknown consent, or another client\'s, is an error redirect with state and iss, never a code', async () => {
  const others = await createConsent(two);
  for (const consentId of ['urn:fapid:does-not-exist', others]) {
    const { par } = await f.pushAuthorization(server, one, { scope: `openid consent:${consentId}` });
    assert.equal(par.status, 201, par.body);
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
    assert.equal(res.status, 303, res.body);
    const params = f.responseParams(res.headers.location);
    assert.equal(params.error, 'invalid_request');
    assert.equal(params.code, undefined);
  }
});

test('A13: the wrong customer gets access_denied and the consent stays AWAITING_AUTHORISATION', async () => {
  const id = await createConsent();
  const flow = await authorisedGrant(id, { cpf: OTHER_CPF });
  assert.equal(flow.response.error, 'access_denied');
  assert.equal(flow.response.code, undefined);
  assert.equal((await api(one, await ccToken(one), 'GET', `/${id}`)).json.data.status, 'AWAITING_AUTHORISATION');
});

test('A7, A13: the customer rejects: access_denied, the consent is REJECTED by USER', async () => {
  const id = await createConsent();
  const flow = await authorisedGrant(id, { cpf: CPF, decision: 'deny' });
  assert.equal(flow.response.error, 'access_denied');
  const read = await api(one, await ccToken(one), 'GET', `/${id}`);
  assert.equal(read.json.data.status, 'REJECTED');
  assert.equal(read.json.data.rejection.reason.code, 'CUSTOMER_MANUALLY_REJECTED');
});

test('RT4: revoking an authorised consent kills its tokens at once; refresh fails with invalid_grant', async () => {
  const id = await createConsent();
  const flow = await authorisedGrant(id);
  const tok = await f.redeemCode(server, one, flow.response.code, flow.verifier);
  assert.equal(tok.status, 200, tok.body);
  const del = await api(one, await ccToken(one), 'DELETE', `/${id}`);
  assert.equal(del.status, 204, del.body);
  const read = await api(one, await ccToken(one), 'GET', `/${id}`);
  assert.equal(read.json.data.rejection.reason.code, 'CUSTOMER_MANUALLY_REVOKED');
  assert.equal((await f.introspect(server, one, tok.json.access_token)).json.active, false);
  assert.equal((await f.introspect(server, one, tok.json.refresh_token)).json.active, false);
  const refreshed = await f.refreshGrant(server, one, tok.json.refresh_token);
  assert.equal(refreshed.status, 400, refreshed.body);
  assert.equal(refreshed.json.error, 'invalid_grant');
  assert.equal((await f.userinfo(server, one, tok.json.access_token)).status, 401);
});

test('extends: with the consent\'s own customer token an AUTHORISED consent gets a later expiry, listed in extensions', async () => {
  const first = inDays(30);
  const later = inDays(60);
  const id = await createConsent(one, { expirationDateTime: first });
  const flow = await authorisedGrant(id);
  const tok = await f.redeemCode(server, one, flow.response.code, flow.verifier);
  const headers = { 'x-fapi-customer-ip-address': '203.0.113.7', 'x-customer-user-agent': 'test-agent' };
  const body = { data: { loggedUser: { document: { identification: CPF, rel: 'CPF' } }, expirationDateTime: later } };
  // A client-credentials token is not the customer's: 403.
  apiError(await api(one, await ccToken(one), 'POST', `/${id}/extends`, { body, headers }), 403, 'FORBIDDEN');
  apiError(await api(one, tok.json.access_token, 'POST', `/${id}/extends`, { body }), 400, 'PARAMETRO_NAO_INFORMADO');
  const ext = await api(one, tok.json.access_token, 'POST', `/${id}/extends`, { body, headers });
  assert.equal(ext.status, 201, ext.body);
  assert.equal(ext.json.data.expirationDateTime, later);
  const list = await api(one, await ccToken(one), 'GET', `/${id}/extensions`);
  assert.equal(list.status, 200, list.body);
  assert.equal(list.json.data.length, 1);
  assert.equal(list.json.data[0].previousExpirationDateTime, first);
  assert.equal(list.json.data[0].xFapiCustomerIpAddress, '203.0.113.7');
  // An earlier date than the current one is refused.
  const earlier = { data: { ...body.data, expirationDateTime: first } };
  apiError(await api(one, tok.json.access_token, 'POST', `/${id}/extends`, { body: earlier, headers }), 422, 'DATA_EXPIRACAO_INVALIDA');
});
