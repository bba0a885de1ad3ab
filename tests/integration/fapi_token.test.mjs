// SPEC §8 (token endpoint, TK1-TK8, TK10), S1/S2 for mTLS, ATTACKS T01, T03, T04, T11 (golden cnf vector)
// and T14: authorization-code redemption, client_credentials, the token response, both access-token
// formats, and that no token or code ever reaches the server log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import * as jose from 'jose';
import { assertError, baseConfig, pki, sleep, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let server, p, one, two, opaque, jwks;
const secrets = [];  // every token, code and assertion issued or sent: none may be logged (T14)
const errorResponses = [];

const remember = (res) => {
  for (const k of ['access_token', 'refresh_token', 'id_token']) if (res.json?.[k]) secrets.push(res.json[k]);
  if (res.json?.error) errorResponses.push(res);
  return res;
};

before(async () => {
  p = await pki();
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const tls2 = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  const like = (clientId, extra) => ({ ...baseConfig(p).clients[1], clientId, ...extra });
  server = await startServer({ overrides: {
    fapi: { accessTokenLifetime: '600s' },
    clients: [...baseConfig(p).clients,
      like('tpp-two', { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TWO_DN,
        grantTypes: ['authorization_code', 'refresh_token'] }),
      like('tpp-opaque', { accessTokenFormat: 'opaque' })],
  } });
  jwks = await f.serverKeys(server);
  one = f.flowClient('tpp-one', sign, tls);
  two = f.flowClient('tpp-two', sign, tls2, { auth: 'tls' });
  opaque = f.flowClient('tpp-opaque', sign, tls);
});
after(async () => { await server?.stop(); });

async function codeFor(client, overrides) {
  const flow = await f.authorizeFlow(server, client, overrides);
  secrets.push(flow.response.code, flow.response.id_token);
  return flow;
}

async function redeem(client, code, verifier, opts) {
  return remember(await f.redeemCode(server, client, code, verifier, opts));
}

describe('TK1-TK4 the authorization code', () => {
  test('TK1 T01 a code redeemed twice, 1 s apart, is invalid_grant and what it issued is revoked', async () => {
    const { response, verifier } = await codeFor(one);
    const first = await redeem(one, response.code, verifier);
    assert.equal(first.status, 200, first.body);
    await sleep(1000);
    assertError(await redeem(one, response.code, verifier), 400, 'invalid_grant');
    const intro = await f.introspect(server, one, first.json.access_token);
    assert.deepEqual(intro.json, { active: false });
    assertError(remember(await f.refreshGrant(server, one, first.json.refresh_token)), 400, 'invalid_grant');
  });

  test('TK3 T04 another client redeeming the code gets invalid_grant, and the rightful redemption still works', async () => {
    const { response, verifier } = await codeFor(one);
    assertError(await redeem(two, response.code, verifier), 400, 'invalid_grant');
    assertError(await redeem(opaque, response.code, verifier), 400, 'invalid_grant');
    assert.equal((await redeem(one, response.code, verifier)).status, 200);
  });

  test('T04 a different redirect_uri gets invalid_grant, and the code is still redeemable', async () => {
    const { response, verifier } = await codeFor(one);
    for (const redirectUri of ['https://tpp-one.example/cb/', 'https://tpp-one.example/other'])
      assertError(await redeem(one, response.code, verifier, { redirectUri }), 400, 'invalid_grant');
    assertError(await redeem(one, response.code, verifier, { extra: { redirect_uri: undefined } }), 400, 'invalid_grant');
    assert.equal((await redeem(one, response.code, verifier)).status, 200);
  });

  test('TK4 T03 a missing or wrong code_verifier gets invalid_grant, and the code is still redeemable', async () => {
    const { response, verifier } = await codeFor(one);
    assertError(await redeem(one, response.code, undefined), 400, 'invalid_grant');
    assertError(await redeem(one, response.code, f.pkce().verifier), 400, 'invalid_grant');
    assertError(await redeem(one, response.code, response.code), 400, 'invalid_grant');
    assert.equal((await redeem(one, response.code, verifier)).status, 200);
  });

  test('TK2 a code redeemed after its lifetime (codeLifetime 2s, redeemed after 3 s) is invalid_grant', async () => {
    const short = await startServer({ overrides: { fapi: { codeLifetime: '2s' } } });
    try {
      const a = await f.authorizeFlow(short, one);
      const b = await f.authorizeFlow(short, one);
      secrets.push(a.response.code, b.response.code);
      assert.equal((await f.redeemCode(short, one, b.response.code, b.verifier)).status, 200, 'a fresh code works');
      await sleep(3000);
      assertError(await f.redeemCode(short, one, a.response.code, a.verifier), 400, 'invalid_grant');
    } finally {
      await short.stop();
    }
  });

  test('TK4 an unknown code is invalid_grant and a missing one invalid_request', async () => {
    const { verifier } = f.pkce();
    assertError(await redeem(one, 'not-a-code', verifier), 400, 'invalid_grant');
    assertError(await redeem(one, undefined, verifier), 400, 'invalid_request');
  });
});

describe('TK6-TK7 the token response', () => {
  test('TK6 TK7 the response is no-store JSON with token_type Bearer, expires_in, scope, refresh and ID token', async () => {
    const { response, verifier } = await codeFor(one);
    const tok = await redeem(one, response.code, verifier);
    assert.equal(tok.status, 200);
    assert.match(tok.headers['content-type'], /^application\/json/);
    assert.equal(tok.headers['cache-control'], 'no-store');
    assert.equal(tok.json.token_type, 'Bearer');
    assert.equal(tok.json.expires_in, 600, 'TK7 expires_in is fapi.accessTokenLifetime');
    assert.equal(tok.json.scope, 'openid accounts');
    assert.ok(tok.json.id_token && tok.json.refresh_token);
    for (const t of [tok.json.access_token, tok.json.refresh_token])
      assert.match(t, /^[A-Za-z0-9\-._~+/]+=*$/, 'TK6 RFC 6750 b64token characters');
    const at = jose.decodeJwt(tok.json.access_token);
    assert.equal(at.exp - at.iat, 600);
  });

  test('TK6 without openid there is no ID token', async () => {
    const { response, verifier } = await codeFor(one, { scope: 'accounts' });
    const tok = await redeem(one, response.code, verifier);
    assert.equal(tok.status, 200, tok.body);
    assert.equal(tok.json.scope, 'accounts');
    assert.equal(tok.json.id_token, undefined);
  });
});

describe('S1 S2 T11 access-token formats', () => {
  test('S2 T11 a JWT access token is RFC 9068 (typ at+jwt) with cnf.x5t#S256 = SHA-256 of the client certificate DER', async () => {
    const { tok } = await f.tokenFlow(server, one);
    remember(tok);
    const { payload, protectedHeader } = await jose.jwtVerify(tok.json.access_token, jwks, { issuer: f.ISSUER, typ: 'at+jwt' });
    assert.equal(protectedHeader.alg, 'PS256');
    assert.ok(protectedHeader.kid);
    const der = new X509Certificate(p.read('clients/tpp-one.crt')).raw;
    const golden = createHash('sha256').update(der).digest('base64url');
    assert.deepEqual(payload.cnf, { 'x5t#S256': golden });
    assert.equal(payload.client_id, 'tpp-one');
    assert.equal(payload.sub, 'customer-1');
    assert.equal(payload.scope, 'openid accounts');
    assert.ok(payload.jti && payload.aud);
  });

  test('S2 an opaque access token is no JWT and introspects with the same certificate binding', async () => {
    const { tok } = await f.tokenFlow(server, opaque);
    remember(tok);
    assert.throws(() => jose.decodeJwt(tok.json.access_token));
    assert.ok(tok.json.access_token.length >= 22, 'K6 at least 128 bits');
    const intro = await f.introspect(server, opaque, tok.json.access_token);
    assert.equal(intro.json.active, true);
    const der = new X509Certificate(p.read('clients/tpp-one.crt')).raw;
    assert.equal(intro.json.cnf['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
  });

  test('S2 a tls_client_auth client gets tokens bound to its own certificate', async () => {
    const { tok } = await f.tokenFlow(server, two);
    remember(tok);
    const der = new X509Certificate(p.read('clients/tpp-two.crt')).raw;
    assert.equal(jose.decodeJwt(tok.json.access_token).cnf['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
  });
});

describe('TK8 grant types', () => {
  test('TK8 the password grant is unsupported_grant_type', async () => {
    const res = remember(await f.flowPost(server, one, '/auth/token',
      { grant_type: 'password', username: 'u', password: 'p', ...(await f.clientAuth(one)) }));
    assertError(res, 400, 'unsupported_grant_type');
  });

  test('TK8 client_credentials with scope consents issues a bound access token, no refresh or ID token', async () => {
    const res = remember(await f.flowPost(server, one, '/auth/token',
      { grant_type: 'client_credentials', scope: 'consents', ...(await f.clientAuth(one)) }));
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(res.json.scope, 'consents');
    assert.equal(res.json.refresh_token, undefined);
    assert.equal(res.json.id_token, undefined);
    const at = jose.decodeJwt(res.json.access_token);
    assert.equal(at.sub, 'tpp-one');
    assert.ok(at.cnf['x5t#S256']);
  });

  test('TK8 openid in client_credentials is invalid_scope', async () => {
    const res = remember(await f.flowPost(server, one, '/auth/token',
      { grant_type: 'client_credentials', scope: 'openid consents', ...(await f.clientAuth(one)) }));
    assertError(res, 400, 'invalid_scope');
  });

  test('TK8 a grant the client did not register is unauthorized_client', async () => {
    const res = remember(await f.flowPost(server, two, '/auth/token',
      { grant_type: 'client_credentials', scope: 'consents', ...(await f.clientAuth(two)) }));
    assertError(res, 400, 'unauthorized_client');
  });
});

describe('TK10 T14 error bodies, caching and logs', () => {
  test('TK10 T14 every error response is no-store and its error_description has no CR, LF or TAB', () => {
    assert.ok(errorResponses.length >= 10, `errors collected: ${errorResponses.length}`);
    for (const res of errorResponses) {
      assert.equal(res.headers['cache-control'], 'no-store', res.body);
      assert.deepEqual(Object.keys(res.json).filter((k) => !['error', 'error_description', 'error_uri'].includes(k)), []);
      if (res.json.error_description !== undefined) assert.doesNotMatch(res.json.error_description, /[\r\n\t]/);
    }
  });

  test('T14 no issued token, code or assertion appears in the server log', async () => {
    secrets.push(await f.assertion(one));  // one sent below
    await f.flowPost(server, one, '/auth/token', { grant_type: 'client_credentials', client_id: 'tpp-one',
      client_assertion_type: f.ASSERTION_TYPE, client_assertion: secrets.at(-1) });
    assert.ok(secrets.length >= 20);
    assert.ok(server.requestLogLines().length > 20, 'requests are logged');
    const log = server.allOutput();
    for (const s of secrets.filter(Boolean)) assert.ok(!log.includes(s), `a secret was logged: ${s.slice(0, 16)}…`);
  });

  test('metrics fapid_oauth_errors_total counts invalid_grant at /auth/token', async () => {
    const count = async () => {
      const res = await server.request({ listener: 'ops', path: '/metrics' });
      assert.equal(res.status, 200);
      const m = /^fapid_oauth_errors_total\{route="\/auth\/token",error="invalid_grant"\} (\d+)$/m.exec(res.body);
      return m ? Number(m[1]) : 0;
    };
    const before = await count();
    assertError(await f.redeemCode(server, one, 'unknown-code', f.pkce().verifier), 400, 'invalid_grant');
    assert.equal(await count(), before + 1);
  });
});
