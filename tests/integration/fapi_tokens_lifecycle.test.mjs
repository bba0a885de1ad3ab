// SPEC §12 (refresh, RT1, RT2, RT5), §13 (IN1-IN2, RV1, UI1), S2/S5 for mTLS and ATTACKS T11, T12, T14:
// what happens to issued tokens — refresh without rotation, certificate and client binding, introspection,
// revocation and userinfo.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { assertError, baseConfig, pki, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let server, p, one, two, oneOverTwoCert;
const secrets = [];

before(async () => {
  p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const tls2 = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  server = await startServer({ overrides: { clients: [...baseConfig(p).clients,
    { ...baseConfig(p).clients[1], clientId: 'tpp-two', tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TWO_DN }] } });
  one = f.flowClient('tpp-one', sign, tls);
  two = f.flowClient('tpp-two', sign, tls2, { auth: 'tls' });
  // tpp-one's own assertion, sent over a connection with tpp-two's certificate (T11).
  oneOverTwoCert = { ...one, tls: tls2 };
});
after(async () => { await server?.stop(); });

async function tokens(client = one, overrides = {}, opts = {}) {
  const { tok, response } = await f.tokenFlow(server, client, overrides, opts);
  secrets.push(tok.json.access_token, tok.json.refresh_token, tok.json.id_token, response.code);
  return tok.json;
}

const active = async (client, token) => (await f.introspect(server, client, token)).json.active;

describe('RT1 RT2 RT5 S5 T11 T12 refresh', () => {
  test('RT1 a refresh returns a new access token and the same refresh token, again and again', async () => {
    const t = await tokens();
    const r1 = await f.refreshGrant(server, one, t.refresh_token);
    assert.equal(r1.status, 200, r1.body);
    assert.equal(r1.headers['cache-control'], 'no-store');
    assert.equal(r1.json.token_type, 'Bearer');
    assert.equal(r1.json.refresh_token, t.refresh_token, 'RT1 no rotation');
    assert.notEqual(r1.json.access_token, t.access_token);
    assert.equal(r1.json.scope, 'openid accounts');
    const r2 = await f.refreshGrant(server, one, t.refresh_token);
    assert.equal(r2.status, 200, 'the old refresh token keeps working');
    assert.equal(await active(one, r1.json.access_token), true);
    secrets.push(r1.json.access_token, r2.json.access_token);
  });

  test('RT5 the refreshed ID token has the same sub, acr and granted claims', async () => {
    const claims = JSON.stringify({ id_token: { cpf: null } });
    const t = await tokens(one, { scope: 'openid accounts', claims }, { interaction: { subject: 'customer-rt5', cpf: '12345678909' } });
    const r = await f.refreshGrant(server, one, t.refresh_token);
    assert.equal(r.status, 200, r.body);
    const jwks = await f.serverKeys(server);
    const before = jose.decodeJwt(t.id_token);
    const { payload: after } = await jose.jwtVerify(r.json.id_token, jwks, { issuer: f.ISSUER, audience: 'tpp-one' });
    for (const k of ['sub', 'acr', 'cpf', 'auth_time']) assert.deepEqual(after[k], before[k], k);
    assert.equal(after.sub, 'customer-rt5');
  });

  test('RFC 6749 §6 a refresh may narrow the scope but not widen it', async () => {
    const t = await tokens();
    const r = await f.flowPost(server, one, '/auth/token', { grant_type: 'refresh_token', refresh_token: t.refresh_token,
      scope: 'accounts', ...(await f.clientAuth(one)) });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.json.scope, 'accounts');
    assert.equal(r.json.id_token, undefined);
    const wide = await f.flowPost(server, one, '/auth/token', { grant_type: 'refresh_token', refresh_token: t.refresh_token,
      scope: 'accounts consents', ...(await f.clientAuth(one)) });
    assertError(wide, 400, 'invalid_scope');
  });

  test('S5 T11 a certificate-bound refresh token over another certificate is invalid_grant, and still works over its own', async () => {
    const t = await tokens();
    const res = await f.refreshGrant(server, oneOverTwoCert, t.refresh_token);
    assertError(res, 400, 'invalid_grant');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((await f.refreshGrant(server, one, t.refresh_token)).status, 200);
  });

  test('T12 RT2 the refresh token of client A used by client B is invalid_grant, and still works for A', async () => {
    const t = await tokens();
    assertError(await f.refreshGrant(server, two, t.refresh_token), 400, 'invalid_grant');
    assert.equal((await f.refreshGrant(server, one, t.refresh_token)).status, 200);
  });

  test('RT2 a refresh without client authentication is invalid_client', async () => {
    const t = await tokens();
    const res = await f.postForm(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: 'tpp-one' }, one.tls);
    assertError(res, 401, 'invalid_client');
    assert.equal((await f.refreshGrant(server, one, t.refresh_token)).status, 200);
  });
});

describe('IN1 IN2 introspection', () => {
  test('IN2 an active access token carries scope, client_id, sub, exp, iss, token_type and cnf', async () => {
    const t = await tokens();
    const res = await f.introspect(server, one, t.access_token);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const at = jose.decodeJwt(t.access_token);
    assert.equal(res.json.active, true);
    assert.equal(res.json.scope, 'openid accounts');
    assert.equal(res.json.client_id, 'tpp-one');
    assert.equal(res.json.sub, 'customer-1');
    assert.equal(res.json.iss, f.ISSUER);
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.exp, at.exp);
    assert.deepEqual(res.json.cnf, at.cnf);
    const rt = await f.introspect(server, one, t.refresh_token);
    assert.equal(rt.json.active, true);
    assert.equal(rt.json.token_type, 'refresh_token');
  });

  test('IN1 unknown, revoked and other clients\' tokens are exactly {"active":false}', async () => {
    const t = await tokens();
    const revoked = await tokens();
    assert.equal((await f.revoke(server, one, revoked.access_token)).status, 200);
    for (const [client, token] of [[one, 'unknown-token'], [one, revoked.access_token], [two, t.access_token], [two, t.refresh_token]]) {
      const res = await f.introspect(server, client, token);
      assert.equal(res.status, 200);
      assert.equal(res.body, '{"active":false}');
    }
    assert.equal(await active(one, t.access_token), true, 'asking about it changed nothing');
  });

  test('IN1 introspection is a POST that needs client authentication', async () => {
    const t = await tokens();
    const get = await server.request({ listener: 'mtls', path: '/auth/token/introspection', cert: one.tls.cert, key: one.tls.key });
    assert.equal(get.status, 405);
    const res = await f.postForm(server, '/auth/token/introspection', { token: t.access_token, client_id: 'tpp-one' }, one.tls);
    assertError(res, 401, 'invalid_client');
    assert.equal(res.json.active, undefined);
  });
});

describe('IN3 signed introspection (RFC 9701)', () => {
  test('IN3 Accept: application/token-introspection+jwt gives the same answer as a JWT signed by the issuer, addressed to the caller', async () => {
    const t = await tokens();
    const headers = { accept: 'application/token-introspection+jwt' };
    const res = await f.introspect(server, one, t.access_token, { headers });
    assert.equal(res.status, 200, res.body);
    assert.match(res.headers['content-type'], /^application\/token-introspection\+jwt/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const { payload, protectedHeader } = await jose.jwtVerify(res.body, await f.serverKeys(server), {
      issuer: f.ISSUER, audience: 'tpp-one', typ: 'token-introspection+jwt', algorithms: ['PS256'] });
    assert.ok(protectedHeader.kid);
    const plain = await f.introspect(server, one, t.access_token);
    assert.deepEqual(payload.token_introspection, plain.json);
    const unknown = await f.introspect(server, one, 'unknown-token', { headers });
    assert.deepEqual(jose.decodeJwt(unknown.body).token_introspection, { active: false });
  });
});

describe('RV1 revocation', () => {
  test('RV1 a revoked access token is inactive and refused at userinfo; the refresh token still works', async () => {
    const t = await tokens();
    const res = await f.revoke(server, one, t.access_token, { token_type_hint: 'access_token' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(await active(one, t.access_token), false);
    assertError(await f.userinfo(server, one, t.access_token), 401, 'invalid_token');
    assert.equal((await f.refreshGrant(server, one, t.refresh_token)).status, 200);
  });

  test('RV1 revoking a refresh token ends its access tokens and the refresh fails', async () => {
    const t = await tokens();
    const r = await f.refreshGrant(server, one, t.refresh_token);
    assert.equal((await f.revoke(server, one, t.refresh_token, { token_type_hint: 'refresh_token' })).status, 200);
    for (const token of [t.refresh_token, t.access_token, r.json.access_token]) assert.equal(await active(one, token), false);
    assertError(await f.refreshGrant(server, one, t.refresh_token), 400, 'invalid_grant');
  });

  test('RV1 revoking without a hint, or with the wrong hint, still finds the token', async () => {
    const t = await tokens();
    assert.equal((await f.revoke(server, one, t.refresh_token, { token_type_hint: 'access_token' })).status, 200);
    assert.equal(await active(one, t.access_token), false);
  });

  test('RV1 an unknown token is answered 200; another client\'s token is answered 200 and stays active', async () => {
    const t = await tokens();
    const unknown = await f.revoke(server, one, 'unknown-token');
    assert.equal(unknown.status, 200);
    for (const token of [t.access_token, t.refresh_token]) assert.equal((await f.revoke(server, two, token)).status, 200);
    assert.equal(await active(one, t.access_token), true);
    assert.equal((await f.refreshGrant(server, one, t.refresh_token)).status, 200);
  });

  test('RV1 revocation without a token is invalid_request, without authentication invalid_client', async () => {
    assertError(await f.postForm(server, '/auth/token/revocation', { ...(await f.clientAuth(one)) }, one.tls), 400, 'invalid_request');
    const t = await tokens();
    assertError(await f.postForm(server, '/auth/token/revocation', { token: t.access_token, client_id: 'tpp-one' }, one.tls), 401, 'invalid_client');
    assert.equal(await active(one, t.access_token), true);
  });
});

describe('UI1 S2 S6 T11 userinfo', () => {
  test('UI1 S6 userinfo answers the ID token sub to the bound certificate, whatever the case of "Bearer"', async () => {
    const t = await tokens();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await f.userinfo(server, one, t.access_token, { scheme });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.json.sub, jose.decodeJwt(t.id_token).sub);
    }
  });

  test('S2 T11 userinfo over another client certificate is 401 invalid_token', async () => {
    const t = await tokens();
    const res = await f.userinfo(server, oneOverTwoCert, t.access_token);
    assertError(res, 401, 'invalid_token');
    assert.match(res.headers['www-authenticate'], /^Bearer error="invalid_token"/);
  });

  test('UI1 an unknown token, no token, or the DPoP scheme for a certificate-bound token is 401 invalid_token', async () => {
    const t = await tokens();
    assertError(await f.userinfo(server, one, 'unknown-token'), 401, 'invalid_token');
    assertError(await server.request({ listener: 'mtls', path: '/auth/userinfo', cert: one.tls.cert, key: one.tls.key }), 401, 'invalid_token');
    assertError(await f.userinfo(server, one, t.access_token, { scheme: 'DPoP' }), 401, 'invalid_token');
  });

  test('UI1 a token without openid is 403 insufficient_scope', async () => {
    const t = await tokens(one, { scope: 'accounts' });
    assertError(await f.userinfo(server, one, t.access_token), 403, 'insufficient_scope');
    const cc = await f.flowPost(server, one, '/auth/token', { grant_type: 'client_credentials', scope: 'consents', ...(await f.clientAuth(one)) });
    secrets.push(cc.json.access_token);
    assertError(await f.userinfo(server, one, cc.json.access_token), 403, 'insufficient_scope');
  });
});

test('T14 no token or code issued in this file appears in the server log', () => {
  assert.ok(server.requestLogLines().length > 20, 'requests are logged');
  const log = server.allOutput();
  for (const s of secrets.filter(Boolean)) assert.ok(!log.includes(s), `a secret was logged: ${s.slice(0, 16)}…`);
});
