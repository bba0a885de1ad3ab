// Self-contained client_credentials access tokens (src/oauth/self_contained_token.hpp; RFC 9068, RFC 7009,
// RFC 7662): issued with no grant row, vouched for by the server's own signature at introspection, revocation
// and the server's resources (the consents API, userinfo), and ended early by a durable revocation record.
// Every forged, tampered or revoked one is refused with the exact error and changes nothing (an expired one:
// fapi_expiry.test.mjs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as jose from 'jose';
import { assertError, baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';
import * as cf from './consent_flow.mjs';

const TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let p, server, config, one, two;

const serverFor = (cfg) => startServer({ config: cfg });

before(async () => {
  p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const tls2 = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  const base = baseConfig(p);
  const like = (clientId, extra) => ({ ...base.clients[1], clientId, ...extra });
  // An absolute store path, so a restarted server reads the same file.
  config = { ...base, storage: { kind: 'embedded', path: path.join(tempDir('fapid-sct-'), 'fapid.db') },
    fapi: { accessTokenLifetime: '600s' },
    clients: [...base.clients, like('tpp-two', { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TWO_DN })] };
  server = await serverFor(config);
  one = f.flowClient('tpp-one', sign, tls);
  two = f.flowClient('tpp-two', sign, tls2, { auth: 'tls' });
});
after(async () => { await server?.stop(); });

const ccToken = (client, s = server) => cf.ccToken(s, client);
const consentsApi = (client, token, s = server) => cf.consentApi(s, client, token, 'POST', '', { body: cf.consentBody() });
const introspection = async (client, token, s = server) => {
  const res = await f.introspect(s, client, token);
  assert.equal(res.status, 200, res.body);
  return res.json;
};
// userinfo tells a live client_credentials token (403 insufficient_scope: no user behind it) from a dead one
// (401 invalid_token) with an exact OAuth error, which the consents API does not expose.
const assertDead = async (client, token, s = server) => {
  assert.equal((await introspection(client, token, s)).active, false);
  const res = await f.userinfo(s, client, token);
  assertError(res, 401, 'invalid_token');
  assert.match(res.headers['www-authenticate'], /^Bearer error="invalid_token"/);
  cf.apiError(await consentsApi(client, token, s), 401, 'UNAUTHORIZED');
};
const assertLive = async (client, token, s = server) => {
  assert.equal((await introspection(client, token, s)).active, true);
  assertError(await f.userinfo(s, client, token), 403, 'insufficient_scope');
};

// The token with one claim changed and its signature kept.
const tamper = (token, change) => {
  const [h, payload, sig] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  change(claims);
  return [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
};

describe('issuance and use', () => {
  test('RFC 9068 a client_credentials JWT says gty client_credentials and verifies with the published keys', async () => {
    for (const client of [one, two]) {
      const token = await ccToken(client);
      const { payload, protectedHeader } = await jose.jwtVerify(token, await f.serverKeys(server),
        { issuer: f.ISSUER, audience: f.ISSUER, typ: 'at+jwt' });
      assert.equal(protectedHeader.alg, 'PS256');
      assert.equal(payload.gty, 'client_credentials');
      assert.equal(payload.sub, client.clientId);
      assert.equal(payload.client_id, client.clientId);
      assert.equal(payload.scope, 'consents');
      assert.ok(payload.cnf['x5t#S256']);
      assert.equal(payload.exp - payload.iat, 600);
    }
  });

  test('IN2 introspection describes it as its row would: scope, client_id, sub, iss, iat, exp, token_type, cnf', async () => {
    const token = await ccToken(one);
    const at = jose.decodeJwt(token);
    const res = await introspection(one, token);
    assert.deepEqual(res, { active: true, scope: 'consents', client_id: 'tpp-one', sub: 'tpp-one', iss: f.ISSUER,
      iat: at.iat, exp: at.exp, token_type: 'Bearer', cnf: at.cnf });
    assert.deepEqual(await introspection(two, token), { active: false }, 'another client learns nothing');
  });

  test('the consents API accepts it over its own certificate and refuses it over another', async () => {
    const token = await ccToken(one);
    const created = await consentsApi(one, token);
    assert.equal(created.status, 201, created.body);
    const oneOverTwoCert = { ...one, tls: two.tls };
    cf.apiError(await consentsApi(oneOverTwoCert, token), 401, 'UNAUTHORIZED');
    assertError(await f.userinfo(server, oneOverTwoCert, token), 401, 'invalid_token');
    await assertLive(one, token);
  });
});

describe('forged and tampered tokens', () => {
  test('T11 a widened scope, another client_id or a removed gty breaks the signature: 401 invalid_token, inactive', async () => {
    const token = await ccToken(one);
    const forgeries = [
      tamper(token, (c) => { c.scope = 'consents accounts'; }),
      tamper(token, (c) => { c.client_id = 'tpp-two'; c.sub = 'tpp-two'; }),
      tamper(token, (c) => { c.exp += 3600; }),
      tamper(token, (c) => { delete c.gty; }),  // no row stands behind it either
    ];
    for (const forged of forgeries) await assertDead(one, forged);
    await assertLive(one, token);
  });

  test('A09 a token signed by a key the server does not publish, or alg none, is refused', async () => {
    const { privateKey } = await jose.generateKeyPair('PS256');
    const claims = jose.decodeJwt(await ccToken(one));
    const strangers = [
      await new jose.SignJWT(claims).setProtectedHeader({ alg: 'PS256', kid: 'sig-ps256-1', typ: 'at+jwt' }).sign(privateKey),
      `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
    ];
    for (const token of strangers) await assertDead(one, token);
  });
});

describe('RFC 7009 revocation', () => {
  test('RV1 a revoked self-contained token is inactive and refused everywhere; others of the client stay live', async () => {
    const token = await ccToken(one);
    const other = await ccToken(one);
    await assertLive(one, token);
    assert.equal((await f.revoke(server, one, token)).status, 200);
    await assertDead(one, token);
    await assertLive(one, other);
    assert.equal((await f.revoke(server, one, token)).status, 200, 'revoking again is still 200');
    assert.equal((await f.revoke(server, one, token, { token_type_hint: 'refresh_token' })).status, 200);
    await assertDead(one, token);
  });

  test('RV1 another client revoking it is answered 200 and changes nothing', async () => {
    const token = await ccToken(one);
    assert.equal((await f.revoke(server, two, token)).status, 200);
    await assertLive(one, token);
  });

  test('a revocation is durable: after a restart the token is still refused, and the live one still accepted', async () => {
    const revoked = await ccToken(one);
    const live = await ccToken(one);
    assert.equal((await f.revoke(server, one, revoked)).status, 200);
    await server.stop();
    server = await serverFor(config);
    await assertDead(one, revoked);
    await assertLive(one, live);
  });
});
