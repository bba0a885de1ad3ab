// SPEC §9 S3-S6 (DPoP, RFC 9449), TK5, TK9 and P11 for fapi2 clients with `tokenBinding: dpop`: the proof
// checks end to end at the token endpoint, the server nonce, code binding via dpop_jkt, userinfo and refresh.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { assertError, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let server, p, keys, tls, tls2;

before(async () => {
  p = await pki();
  keys = await f.makeClientKeys(tempDir(), 'dpop-app', { alg: 'ES256' });
  tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  tls2 = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const common = { profile: 'fapi2', redirectUris: ['https://dpop.example/cb'], responseTypes: ['code'], tokenBinding: 'dpop',
    grantTypes: ['authorization_code', 'refresh_token'], allowedScopes: ['openid', 'accounts'], jwksFile: keys.jwksFile };
  server = await startServer({ overrides: { clients: [
    { clientId: 'dpop-app', tokenEndpointAuthMethod: 'private_key_jwt', ...common },
    { clientId: 'dpop-tls', tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TWO_DN, ...common },
  ] } });
});
after(async () => { await server?.stop(); });

// A fresh identity: its own DPoP key and no nonce yet.
async function client(id = 'dpop-app') {
  return f.flowClient(id, keys.sign, id === 'dpop-tls' ? tls2 : tls,
    { redirectUri: 'https://dpop.example/cb', responseType: 'code', dpop: await f.dpopKeyPair(), auth: id === 'dpop-tls' ? 'tls' : 'jwt' });
}

// A code and its verifier, and a client that already holds a server nonce.
async function codeFor(c, overrides) {
  const flow = await f.authorizeFlow(server, c, overrides);
  const code = flow.response.code;
  if (!c.dpopNonce) {  // a proof without nonce is answered use_dpop_nonce, consuming nothing (S4)
    const res = await f.postForm(server, '/auth/token', await tokenParams(c, code, flow.verifier), c.tls,
      { dpop: await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL) });
    assertError(res, 400, 'use_dpop_nonce');
    c.dpopNonce = res.headers['dpop-nonce'];
  }
  return { code, verifier: flow.verifier };
}

const tokenParams = async (c, code, verifier) =>
  ({ grant_type: 'authorization_code', code, redirect_uri: c.redirectUri, code_verifier: verifier, ...(await f.clientAuth(c)) });

async function unsigned(header, payload) {
  const enc = (o) => f.b64url(JSON.stringify(o));
  return `${enc(header)}.${enc(payload)}.`;
}

describe('S4 the DPoP nonce and token type', () => {
  test('S4 a first proof without nonce gets use_dpop_nonce with a DPoP-Nonce header; the retry gets a DPoP-bound token', async () => {
    const c = await client();
    const { response, verifier } = await f.authorizeFlow(server, c);
    const params = await tokenParams(c, response.code, verifier);
    const first = await f.postForm(server, '/auth/token', params, tls, { dpop: await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL) });
    assertError(first, 400, 'use_dpop_nonce');
    const nonce = first.headers['dpop-nonce'];
    assert.ok(nonce, 'DPoP-Nonce header');
    const second = await f.postForm(server, '/auth/token', { ...params, ...(await f.clientAuth(c)) }, tls,
      { dpop: await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce }) });
    assert.equal(second.status, 200, second.body);
    assert.equal(second.json.token_type, 'DPoP');
    assert.equal(jose.decodeJwt(second.json.access_token).cnf.jkt, c.dpop.jkt);
    assert.equal(second.headers['cache-control'], 'no-store');
  });

  test('S4 a tls_client_auth client gets DPoP-bound tokens too', async () => {
    const c = await client('dpop-tls');
    const { tok } = await f.tokenFlow(server, c);
    assert.equal(tok.json.token_type, 'DPoP');
    assert.deepEqual(jose.decodeJwt(tok.json.access_token).cnf, { jkt: c.dpop.jkt });
  });
});

describe('S3 TK5 proofs the token endpoint refuses', () => {
  const cases = {
    'TK5 no proof at all': async () => undefined,
    'wrong htm': async (c) => f.dpopProof(c.dpop, 'GET', f.TOKEN_URL, { nonce: c.dpopNonce }),
    'wrong htu': async (c) => f.dpopProof(c.dpop, 'POST', f.PAR_URL, { nonce: c.dpopNonce }),
    'iat one hour ahead': async (c) => f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce, claims: { iat: f.now() + 3600 } }),
    'iat one hour old': async (c) => f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce, claims: { iat: f.now() - 3600 } }),
    'alg none': async (c) => unsigned({ typ: 'dpop+jwt', alg: 'none', jwk: c.dpop.publicJwk },
      { jti: f.randomId(), htm: 'POST', htu: f.TOKEN_URL, iat: f.now(), nonce: c.dpopNonce }),
    'typ JWT': async (c) => f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce, header: { typ: 'JWT' } }),
    'missing jti': async (c) => f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce, claims: { jti: undefined } }),
    'a private key in the jwk header': async (c) => f.dpopProof(c.dpop, 'POST', f.TOKEN_URL,
      { nonce: c.dpopNonce, header: { jwk: await jose.exportJWK(c.dpop.privateKey) } }),
    'signed by another key than the jwk header': async (c) => f.dpopProof(await f.dpopKeyPair(), 'POST', f.TOKEN_URL,
      { nonce: c.dpopNonce, header: { jwk: c.dpop.publicJwk } }),
    'two DPoP headers': async (c) => [await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce }),
      await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce })],
  };
  for (const [name, make] of Object.entries(cases)) {
    test(`S3 ${name} → 400 invalid_dpop_proof, and the code is still redeemable`, async () => {
      const c = await client();
      const { code, verifier } = await codeFor(c);
      const proof = await make(c);
      const res = await f.postForm(server, '/auth/token', await tokenParams(c, code, verifier), tls, proof ? { dpop: proof } : {});
      assertError(res, 400, 'invalid_dpop_proof');
      assert.equal(res.json.access_token, undefined);
      const ok = await f.redeemCode(server, c, code, verifier);
      assert.equal(ok.status, 200, ok.body);
    });
  }

  test('S3 a replayed proof (same jti) is refused', async () => {
    const c = await client();
    const a = await codeFor(c);
    const b = await codeFor(c);
    const proof = await f.dpopProof(c.dpop, 'POST', f.TOKEN_URL, { nonce: c.dpopNonce });
    const first = await f.postForm(server, '/auth/token', await tokenParams(c, a.code, a.verifier), tls, { dpop: proof });
    assert.equal(first.status, 200, first.body);
    const replay = await f.postForm(server, '/auth/token', await tokenParams(c, b.code, b.verifier), tls, { dpop: proof });
    assertError(replay, 400, 'invalid_dpop_proof');
    assert.equal((await f.redeemCode(server, c, b.code, b.verifier)).status, 200);
  });

  test('S3 htu matches case-insensitively with the default port; iat 5 s ahead and extra claims are accepted', async () => {
    const c = await client();
    const { code, verifier } = await codeFor(c);
    const proof = await f.dpopProof(c.dpop, 'POST', 'HTTPS://MTLS.FAPID.TEST:443/auth/token',
      { nonce: c.dpopNonce, claims: { iat: f.now() + 5, extra: 'x', exp: f.now() + 60 }, header: { foo: 'bar' } });
    const res = await f.postForm(server, '/auth/token', await tokenParams(c, code, verifier), tls, { dpop: proof });
    assert.equal(res.status, 200, res.body);
  });
});

describe('P11 TK9 a code bound to a DPoP key', () => {
  test('P11 a dpop_jkt that does not match the PAR proof key is refused at PAR', async () => {
    const c = await client();
    const other = await f.dpopKeyPair();
    const { par } = await f.pushAuthorization(server, c, { dpop_jkt: other.jkt });
    assertError(par, 400, 'invalid_dpop_proof');
    assert.equal(par.json.request_uri, undefined);
  });

  test('TK9 dpop_jkt at PAR, then a proof by another key at the token endpoint is refused; the bound key still works', async () => {
    const c = await client();
    const bound = c.dpop;
    const par = await f.pushAuthorization(server, c, { dpop_jkt: bound.jkt }, { dpop: null });
    assert.equal(par.par.status, 201, par.par.body);
    const { interactionId } = await f.authorize(server, { client_id: c.clientId, request_uri: par.par.json.request_uri });
    const code = f.responseParams((await f.completeInteraction(server, interactionId)).headers.location).code;
    c.dpop = await f.dpopKeyPair();
    const res = await f.redeemCode(server, c, code, par.verifier);
    assertError(res, 400, 'invalid_dpop_proof');
    c.dpop = bound;
    const ok = await f.redeemCode(server, c, code, par.verifier);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(jose.decodeJwt(ok.json.access_token).cnf.jkt, bound.jkt);
  });

  test('P11 TK9 a DPoP proof at PAR binds the code to that key', async () => {
    const c = await client();
    const flow = await f.authorizeFlow(server, c);
    const bound = c.dpop;
    c.dpop = await f.dpopKeyPair();
    assertError(await f.redeemCode(server, c, flow.response.code, flow.verifier), 400, 'invalid_dpop_proof');
    c.dpop = bound;
    assert.equal((await f.redeemCode(server, c, flow.response.code, flow.verifier)).status, 200);
  });
});

describe('S5 S6 UI1 IN2 using a DPoP-bound token', () => {
  test('UI1 S6 userinfo needs a DPoP proof with ath; the DPoP token as Bearer is 401 invalid_token', async () => {
    const c = await client();
    const { tok } = await f.tokenFlow(server, c);
    const at = tok.json.access_token;
    c.dpopNonce = undefined;  // RFC 9449 §9: the resource server hands out its nonce with use_dpop_nonce
    const noNonce = await f.userinfo(server, c, at);
    assert.equal(noNonce.status, 401);
    assert.equal(noNonce.json.error, 'use_dpop_nonce');
    assert.match(noNonce.headers['www-authenticate'], /^DPoP error="use_dpop_nonce"/);
    assert.ok(noNonce.headers['dpop-nonce']);
    c.dpopNonce = noNonce.headers['dpop-nonce'];
    const noAth = await f.userinfo(server, c, at, { proofOpts: { accessToken: undefined } });
    assert.equal(noAth.status, 401);
    assert.equal(noAth.json.error, 'invalid_dpop_proof');
    assert.match(noAth.headers['www-authenticate'], /^DPoP /);
    const wrongAth = await f.userinfo(server, c, at, { proofOpts: { accessToken: 'another-token' } });
    assert.equal(wrongAth.status, 401);
    const asBearer = await f.userinfo(server, c, at, { scheme: 'Bearer', dpop: null });
    assertError(asBearer, 401, 'invalid_token');
    assert.match(asBearer.headers['www-authenticate'], /error="invalid_token"/);
    const ok = await f.userinfo(server, c, at, { scheme: 'dpop' });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.json.sub, jose.decodeJwt(tok.json.id_token).sub);
    const otherKey = await f.userinfo(server, c, at, { dpop: await f.dpopKeyPair() });
    assert.equal(otherKey.status, 401);
  });

  test('S5 RT1 a refresh needs a proof by the same key; then it returns a new DPoP token and the same refresh token', async () => {
    const c = await client();
    const { tok } = await f.tokenFlow(server, c);
    const rt = tok.json.refresh_token;
    assertError(await f.refreshGrant(server, c, rt, { dpop: null }), 400, 'invalid_dpop_proof');
    const bound = c.dpop;
    c.dpop = await f.dpopKeyPair();
    assertError(await f.refreshGrant(server, c, rt), 400, 'invalid_dpop_proof');
    c.dpop = bound;
    const ok = await f.refreshGrant(server, c, rt);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.json.token_type, 'DPoP');
    assert.equal(ok.json.refresh_token, rt);
    assert.notEqual(ok.json.access_token, tok.json.access_token);
    assert.equal(jose.decodeJwt(ok.json.access_token).cnf.jkt, bound.jkt);
  });

  test('IN2 introspection of a DPoP-bound token says token_type DPoP and cnf.jkt', async () => {
    const c = await client();
    const { tok } = await f.tokenFlow(server, c);
    const intro = await f.introspect(server, c, tok.json.access_token);
    assert.equal(intro.status, 200, intro.body);
    assert.equal(intro.json.active, true);
    assert.equal(intro.json.token_type, 'DPoP');
    assert.deepEqual(intro.json.cnf, { jkt: c.dpop.jkt });
  });
});
