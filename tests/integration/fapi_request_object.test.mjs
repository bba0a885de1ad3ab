// Request objects pushed to PAR (SPEC 7, R1-R8; ATTACKS A01-A14): signature and algorithm, time window,
// audience, header tricks, JWE nesting, size and shape, and consistency with the outer form.
// Every refusal is 400 invalid_request_object (or invalid_request where the outer form is at fault) and
// stores nothing: no request_uri is issued, and a good object with the SAME jti is accepted afterwards
// (a refused object's jti is never remembered).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import net from 'node:net';
import * as jose from 'jose';
import { assertError, baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const ONE_REDIRECT = 'https://tpp-one.example/cb';
const TWO_REDIRECT = 'https://tpp-two.example/cb';

let server, p, one, oneB, two, enc, attacker, probe;
let probeConnections = 0;

before(async () => {
  p = await pki();
  const dir = tempDir();
  const oneTls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const twoTls = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  one = { clientId: 'tpp-one', alg: 'PS256', kid: 'tpp-one-sig', key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), tls: oneTls };
  const kb = await f.makeClientKeys(dir, 'tpp-one-b', { alg: 'PS256' });
  const k2 = await f.makeClientKeys(dir, 'tpp-two-jwt', { alg: 'ES256' });
  oneB = { clientId: 'tpp-one-b', ...kb.sign, tls: oneTls };
  two = { clientId: 'tpp-two-jwt', ...k2.sign, tls: twoTls };
  const base = baseConfig(p).clients;
  server = await startServer({ overrides: { clients: [...base,
    { ...base.find((c) => c.clientId === 'tpp-one'), clientId: 'tpp-one-b', jwksFile: kb.jwksFile },
    { clientId: 'tpp-two-jwt', profile: 'fapi2', redirectUris: [TWO_REDIRECT], responseTypes: ['code'], grantTypes: ['authorization_code'],
      allowedScopes: ['openid', 'accounts'], tokenEndpointAuthMethod: 'private_key_jwt', jwksFile: k2.jwksFile },
  ] } });
  enc = await f.serverEncryptionKey(server);
  // An attacker's key pair with a self-signed certificate, and a listener that counts any fetch of jku/x5u.
  attacker = f.makeClientCert(p, '/C=BR/O=Evil/CN=evil', { selfSigned: true });
  attacker.privateKey = createPrivateKey(attacker.key);
  probe = net.createServer((s) => { probeConnections++; s.destroy(); });
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  probe?.close();
  await server?.stop();
});

function params(c, overrides = {}) {
  const out = { response_type: c.clientId === 'tpp-two-jwt' ? 'code' : 'code id_token',
    redirect_uri: c.clientId === 'tpp-two-jwt' ? TWO_REDIRECT : ONE_REDIRECT, scope: 'openid accounts', state: f.randomId(),
    nonce: f.randomId(), code_challenge: f.pkce().challenge, code_challenge_method: 'S256', ...overrides };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
// The claims of a good request object of `c` (for raw JWS), with `over` (undefined removes one).
function claims(c, over = {}) {
  const out = { iss: c.clientId, aud: f.ISSUER, client_id: c.clientId, nbf: f.now(), exp: f.now() + 300, jti: f.randomId(),
    ...params(c), ...over };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
const header = (c, over = {}) => ({ alg: c.alg, kid: c.kid, typ: 'oauth-authz-req+jwt', ...over });

async function push(c, ro, outer = {}) {
  return f.postForm(server, '/auth/par', { request: ro, ...f.assertionParams(await f.assertion(c)), ...outer }, c.tls);
}
async function assertUsable(res, clientId) {
  assert.equal(res.status, 201, res.body);
  const { res: authz } = await f.authorize(server, { client_id: clientId, request_uri: res.json.request_uri });
  assert.equal(authz.status, 303, authz.body);
}
// `ro` (carrying `jti`) is refused; a good object of `c` with the same jti is then accepted.
async function refusedThenRecovered(c, ro, jti, error = 'invalid_request_object') {
  const res = await push(c, ro);
  assertError(res, 400, error);
  assert.equal(res.json.request_uri, undefined);
  await assertUsable(await push(c, await f.requestObject(c, params(c), { claims: { jti } })), c.clientId);
}
// A test per case: `make(jti)` returns the bad object for client `c`.
function refusals(cases, c = () => one) {
  for (const [name, make] of Object.entries(cases)) {
    test(`${name} is refused`, async () => {
      const jti = f.randomId();
      await refusedThenRecovered(c(), await make(jti), jti);
    });
  }
}

describe('signature and algorithm (R1, A01-A05)', () => {
  test('R1 a PS256 object of tpp-one and an ES256 object of a fapi2 client are accepted', async () => {
    await assertUsable(await push(one, await f.requestObject(one, params(one))), 'tpp-one');
    await assertUsable(await push(two, await f.requestObject(two, params(two))), 'tpp-two-jwt');
  });

  const none = (alg, signed) => (jti) => f.rawJws(header(one, { alg }), claims(one, { jti }), one.key, { signAs: signed ? 'PS256' : 'none' });
  refusals({
    'A01 alg none': none('none', false), 'A01 alg None': none('None', false), 'A01 alg NONE': none('NONE', false),
    'A01 alg none with a valid PS256 signature attached': none('none', true),
    'A02 an RS256 object (client registered PS256)': (jti) => f.rawJws(header(one, { alg: 'RS256' }), claims(one, { jti }), one.key),
    'A03 HS256 keyed with the client RSA public key (PEM)': (jti) => f.rawJws(header(one, { alg: 'HS256' }), claims(one, { jti }),
      createPublicKey(one.key).export({ type: 'spki', format: 'pem' })),
    'A03 HS256 keyed with the client RSA public key (DER)': (jti) => f.rawJws(header(one, { alg: 'HS256' }), claims(one, { jti }),
      createPublicKey(one.key).export({ type: 'spki', format: 'der' })),
    'A05 an object for tpp-one signed with client B\'s key under B\'s kid': (jti) => f.requestObject({ ...oneB, clientId: 'tpp-one' }, params(one), { claims: { jti } }),
    'A05 an object for tpp-one signed with client B\'s key under tpp-one\'s kid': (jti) =>
      f.requestObject({ ...oneB, clientId: 'tpp-one', kid: 'tpp-one-sig' }, params(one), { claims: { jti } }),
    'R1 a PS256 object with a corrupted signature': async (jti) => {
      const ro = await f.requestObject(one, params(one), { claims: { jti } });
      return ro.slice(0, -6) + (ro.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    },
    'R1 an ES256 object for a PS256-only fapi1-advanced client': async (jti) => {
      const ec = await jose.generateKeyPair('ES256');
      return f.requestObject({ ...one, alg: 'ES256', key: ec.privateKey }, params(one), { claims: { jti } });
    },
  });

  refusals({
    'A04 an ES384 header over a P-256 signature': (jti) => f.rawJws(header(two, { alg: 'ES384' }), claims(two, { jti }), two.key),
    'A04 an ES256 header over a P-384 signature': async (jti) => {
      const p384 = await jose.generateKeyPair('ES384');
      return f.rawJws(header(two), claims(two, { jti }), p384.privateKey, { signAs: 'ES384' });
    },
    'A05 an object of the fapi2 client signed with tpp-one\'s key': (jti) => f.requestObject({ ...one, clientId: 'tpp-two-jwt' }, params(two), { claims: { jti } }),
  }, () => two);
});

describe('time window (R2, R3, A06, A07)', () => {
  const at = (over) => (jti) => f.requestObject(one, params(one), { claims: { jti, ...over() } });
  const without = (claim) => (jti) => f.requestObject(one, params(one), { claims: { jti }, omit: [claim] });
  refusals({
    'A06 an object without exp': without('exp'),
    'A06 an object without nbf': without('nbf'),
    'R2 an expired object': at(() => ({ nbf: f.now() - 120, exp: f.now() - 60 })),
    'A06 exp − nbf over 60 minutes': at(() => ({ nbf: f.now(), exp: f.now() + 3601 })),
    'A06 nbf more than 60 minutes in the past': at(() => ({ nbf: f.now() - 3700, exp: f.now() + 60 })),
    'A07 nbf 60 s in the future': at(() => ({ nbf: f.now() + 60, exp: f.now() + 300 })),
    'A07 nbf 90 s in the future': at(() => ({ nbf: f.now() + 90, exp: f.now() + 300 })),
    'A07 iat 90 s in the future': at(() => ({ iat: f.now() + 90 })),
    'R2 exp that is not a number': at(() => ({ exp: String(f.now() + 300) })),
  });

  test('A07 R3 nbf and iat 8 s in the future are accepted', async () => {
    const ro = await f.requestObject(one, params(one), { claims: { nbf: f.now() + 8, iat: f.now() + 8, exp: f.now() + 300 } });
    await assertUsable(await push(one, ro), 'tpp-one');
  });

  test('R2 exp − nbf of exactly 60 minutes, and nbf 59 minutes old, are accepted', async () => {
    // One reading of the clock per object: two could straddle a second and make the span 3601 s.
    let t = f.now();
    await assertUsable(await push(one, await f.requestObject(one, params(one), { claims: { nbf: t, exp: t + 3600 } })), 'tpp-one');
    t = f.now();
    await assertUsable(await push(one, await f.requestObject(one, params(one), { claims: { nbf: t - 3540, exp: t + 60 } })), 'tpp-one');
  });
});

describe('audience (R4, A08)', () => {
  for (const aud of [[f.ISSUER, 'https://other.example'], ['https://other.example', f.ISSUER]]) {
    test(`R4 aud ${JSON.stringify(aud)} (an array containing the issuer) is accepted`, async () => {
      await assertUsable(await push(one, await f.requestObject(one, params(one), { claims: { aud } })), 'tpp-one');
    });
  }
  const aud = (value) => (jti) => f.requestObject(one, params(one), { claims: { jti, aud: value } });
  refusals({
    'A08 an object without aud': (jti) => f.requestObject(one, params(one), { claims: { jti }, omit: ['aud'] }),
    'A08 aud of another server': aud('https://other-as.example/auth'),
    'A08 aud with a trailing slash': aud(`${f.ISSUER}/`),
    'R4 the PAR endpoint URL as aud': aud(f.PAR_URL),
    'R4 an array holding only the PAR URL': aud([f.PAR_URL]),
    'A08 the token endpoint URL as aud': aud(f.TOKEN_URL),
  });
});

describe('header tricks (A09, A10)', () => {
  const url = () => `https://127.0.0.1:${probe.address().port}/jwks.json`;
  const evil = (hdr, { key = () => attacker.privateKey } = {}) => (jti) =>
    f.rawJws({ alg: 'PS256', typ: 'oauth-authz-req+jwt', ...hdr() }, claims(one, { jti }), key());
  const attackerJwk = () => createPublicKey(attacker.privateKey).export({ format: 'jwk' });
  const x5c = () => [attacker.cert.replace(/-----[^-]+-----|\s/g, '')];
  refusals({
    'A09 jku pointing elsewhere (attacker key)': evil(() => ({ jku: url() })),
    'A09 jku pointing elsewhere under the client kid': evil(() => ({ jku: url(), kid: 'tpp-one-sig' })),
    'A09 x5u pointing elsewhere': evil(() => ({ x5u: url() })),
    'A09 an embedded jwk of the attacker': evil(() => ({ jwk: attackerJwk() })),
    'A09 an embedded jwk of the attacker under the client kid': evil(() => ({ jwk: attackerJwk(), kid: 'tpp-one-sig' })),
    'A09 an x5c chain of the attacker': evil(() => ({ x5c: x5c() })),
    'A09 kid ../../x': evil(() => ({ kid: '../../x' }), { key: () => one.key }),
    "A09 kid ' OR 1=1": evil(() => ({ kid: "' OR 1=1 --" }), { key: () => one.key }),
    'A10 crit naming an unknown header': evil(() => ({ kid: 'tpp-one-sig', crit: ['x-unknown'], 'x-unknown': 1 }), { key: () => one.key }),
    'A10 an empty crit': evil(() => ({ kid: 'tpp-one-sig', crit: [] }), { key: () => one.key }),
    'A10 crit listing a registered claim': evil(() => ({ kid: 'tpp-one-sig', crit: ['exp'] }), { key: () => one.key }),
  });

  test('A09 the server never fetched jku or x5u', () => {
    assert.equal(probeConnections, 0);
  });
});

describe('nested JWE (R7, A11, A12)', () => {
  const signedRo = (jti) => f.requestObject(one, params(one), { claims: { jti } });
  test('A11 a signed object encrypted to the server with RSA-OAEP/A256GCM is accepted (jose and by hand)', async () => {
    const encryptTo = { kid: enc.kid, key: enc.key };
    await assertUsable(await push(one, await f.requestObject(one, params(one), { encryptTo })), 'tpp-one');
    await assertUsable(await push(one, f.rawJwe(await signedRo(f.randomId()), enc.key, { kid: enc.kid })), 'tpp-one');
  });

  const jwe = (opts) => async (jti) => f.rawJwe(await signedRo(jti), enc.key, { kid: enc.kid, ...opts });
  refusals({
    'A11 a JWE with a 4-byte GCM tag': jwe({ tagBytes: 4 }),
    'A11 a JWE with a 12-byte GCM tag': jwe({ tagBytes: 12 }),
    'A11 a JWE with a 16-byte IV': jwe({ ivBytes: 16 }),
    'A11 a JWE with zip: DEF': jwe({ header: { zip: 'DEF' } }),
    'A11 a JWE with RSA1_5 key wrapping': jwe({ alg: 'RSA1_5' }),
    'A11 a JWE whose header says A128GCM': jwe({ enc: 'A128GCM' }),
    'A12 an ECDH-ES JWE with an off-curve epk': async () => [f.b64url(JSON.stringify({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: enc.kid,
      epk: { kty: 'EC', crv: 'P-256', x: f.b64url(Buffer.alloc(32, 1)), y: f.b64url(Buffer.alloc(32, 2)) } })),
    f.b64url(Buffer.alloc(40, 3)), f.b64url(Buffer.alloc(12, 4)), f.b64url(Buffer.alloc(64, 5)), f.b64url(Buffer.alloc(16, 6))].join('.'),
    'R7 a JWE holding an unsigned JSON object': (jti) => f.rawJwe(JSON.stringify(claims(one, { jti })), enc.key, { kid: enc.kid }),
    'R7 a JWE holding an alg none JWS': (jti) => f.rawJwe(f.rawJws({ alg: 'none' }, claims(one, { jti })), enc.key, { kid: enc.kid }),
  });

  test('R7 a request object sent by value to /authorize is refused (pushed requests only), never redirected', async () => {
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request: await f.requestObject(one, params(one), { encryptTo: enc }) });
    assert.equal(res.status, 400, res.body);
    assert.match(String(res.headers['content-type']), /^text\/html\b/);
    assert.equal(res.headers.location, undefined);
  });
});

describe('size and shape (A13)', () => {
  test('A13 a 2 MiB PAR body is refused with 413, and the server keeps serving', async () => {
    const big = await f.requestObject(one, params(one, { state: 'x'.repeat(2 * 1024 * 1024) }));
    const res = await push(one, big);
    assertError(res, 413, 'payload_too_large');  // the server drains the body, so the client reads the answer
    await assertUsable(await push(one, await f.requestObject(one, params(one))), 'tpp-one');
  });

  const big = (n) => (jti) => f.requestObject(one, params(one, { state: 'x'.repeat(n) }), { claims: { jti } });
  const rawPayload = (text) => (jti) => f.rawJws(header(one), text(jti), one.key);
  refusals({
    'A13 a 40 KiB request object (within the body limit)': big(40 * 1024),
    'A13 duplicate claims (two client_id members)': rawPayload((jti) =>
      JSON.stringify(claims(one, { jti })).replace(/}$/, ',"client_id":"tpp-one-b"}')),
    'A13 duplicate claims (two exp members)': rawPayload((jti) =>
      JSON.stringify(claims(one, { jti, exp: undefined })).replace(/}$/, `,"exp":${f.now() + 300},"exp":${f.now() + 9e6}}`)),
    'A13 a duplicate header member': (jti) => {
      const input = `${f.b64url('{"alg":"none","kid":"tpp-one-sig","alg":"PS256"}')}.${f.b64url(JSON.stringify(claims(one, { jti })))}`;
      const sig = sign('sha256', Buffer.from(input), { key: one.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      return `${input}.${f.b64url(sig)}`;
    },
    'A13 a 10k-deep JSON claim': rawPayload((jti) =>
      JSON.stringify(claims(one, { jti })).replace(/}$/, `,"deep":${'['.repeat(10000)}${']'.repeat(10000)}}`)),
    'A13 a payload that is not JSON': rawPayload(() => 'not json'),
    'A13 a payload that is a JSON array': rawPayload((jti) => JSON.stringify([claims(one, { jti })])),
  });
});

describe('consistency with the outer request (R5, R6, A14) and replay', () => {
  test('A14 an outer redirect_uri differing from the object is refused with invalid_request', async () => {
    const ro = await f.requestObject(one, params(one));
    for (const redirect_uri of ['https://tpp-one.example/other', `${ONE_REDIRECT}/`, ''])
      assertError(await push(one, ro, { redirect_uri }), 400, 'invalid_request');
    // Equal outer values are fine, and the refusals did not remember the object's jti.
    await assertUsable(await push(one, ro, { client_id: 'tpp-one', redirect_uri: ONE_REDIRECT }), 'tpp-one');
  });

  test('A14 CA6 an outer client_id differing from the object (and the assertion) is refused with invalid_client', async () => {
    const ro = await f.requestObject(one, params(one));
    assertError(await push(one, ro, { client_id: 'tpp-one-b' }), 401, 'invalid_client');
    await assertUsable(await push(one, ro), 'tpp-one');
  });

  test('R5 a scope inside the object that the client may not ask for is refused with invalid_scope', async () => {
    const jti = f.randomId();
    const res = await push(one, await f.requestObject(one, params(one, { scope: 'openid payments' }), { claims: { jti } }));
    assertError(res, 400, 'invalid_scope');
    await assertUsable(await push(one, await f.requestObject(one, params(one), { claims: { jti } })), 'tpp-one');
  });

  test('R5 outer state, nonce and scope are ignored: the values inside the object are used', async () => {
    const ro = await f.requestObject(one, params(one, { state: 'inner-state', scope: 'openid accounts' }));
    const res = await push(one, ro, { state: 'outer-state', nonce: 'outer-nonce', scope: 'openid consents resources' });
    assert.equal(res.status, 201, res.body);
    const { res: authz, interactionId } = await f.authorize(server, { client_id: 'tpp-one', request_uri: res.json.request_uri, state: 'query-state' });
    assert.equal(authz.status, 303, authz.body);
    const done = await f.completeInteraction(server, interactionId);
    const response = f.responseParams(done.headers.location);
    assert.equal(response.state, 'inner-state');
    assert.ok(response.code, done.headers.location);
  });

  const inner = (over, omit = []) => (jti) => f.requestObject(one, params(one, over), { claims: { jti }, omit });
  refusals({
    'R5 an object without scope': inner({ scope: undefined }),
    'R5 an object without redirect_uri': inner({ redirect_uri: undefined }),
    'R6 an object without client_id': inner({}, ['client_id']),
    'R6 an object whose client_id is another client': (jti) => f.requestObject(one, params(one), { claims: { jti, client_id: 'tpp-one-b' } }),
    'R6 an object whose iss is not the client': (jti) => f.requestObject(one, params(one), { claims: { jti, iss: 'tpp-one-b' } }),
  });

  test('a request object pushed twice (same jti) is refused the second time with invalid_request_object', async () => {
    const ro = await f.requestObject(one, params(one));
    await assertUsable(await push(one, ro), 'tpp-one');
    assertError(await push(one, ro), 400, 'invalid_request_object');
  });
});
