// Pushed authorization requests at the FAPI tree (SPEC 5, P1-P12; ATTACKS A15, A18): what PAR accepts,
// what it answers, and that a refused push stores nothing (there is no request_uri to try, and a refused
// request object's jti is not remembered: the same object pushed correctly afterwards is accepted).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const ONE_REDIRECT = 'https://tpp-one.example/cb';
const TWO_REDIRECT = 'https://tpp-two.example/cb';
const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

let server, p, one, two, signedTwo, dpopTwo, oneTls, twoTls;

function fapi2Client(clientId, jwksFile, more = {}) {
  return { clientId, profile: 'fapi2', redirectUris: [TWO_REDIRECT], responseTypes: ['code'], grantTypes: ['authorization_code'],
    allowedScopes: ['openid', 'accounts'], tokenEndpointAuthMethod: 'private_key_jwt', jwksFile, ...more };
}

before(async () => {
  p = await pki();
  const dir = tempDir();
  oneTls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  twoTls = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  one = { clientId: 'tpp-one', alg: 'PS256', kid: 'tpp-one-sig', key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), tls: oneTls };
  const k2 = await f.makeClientKeys(dir, 'tpp-two-jwt', { alg: 'ES256' });
  const k3 = await f.makeClientKeys(dir, 'tpp-two-signed', { alg: 'ES256' });
  const k4 = await f.makeClientKeys(dir, 'tpp-two-dpop', { alg: 'ES256' });
  two = { clientId: 'tpp-two-jwt', ...k2.sign, tls: twoTls };
  signedTwo = { clientId: 'tpp-two-signed', ...k3.sign, tls: twoTls };
  dpopTwo = f.flowClient('tpp-two-dpop', k4.sign, twoTls, { redirectUri: TWO_REDIRECT, responseType: 'code', dpop: await f.dpopKeyPair() });
  server = await startServer({ overrides: { clients: [...baseConfig(p).clients,
    fapi2Client('tpp-two-jwt', k2.jwksFile),
    fapi2Client('tpp-two-signed', k3.jwksFile, { requestObjectSigning: 'required' }),
    fapi2Client('tpp-two-dpop', k4.jwksFile, { tokenBinding: 'dpop' }),
  ] } });
});
after(async () => { await server?.stop(); });

// The authorization parameters of a good request for `c`, with `overrides` (undefined removes one).
function params(c, overrides = {}) {
  const out = { response_type: c === one ? 'code id_token' : 'code', redirect_uri: c === one ? ONE_REDIRECT : TWO_REDIRECT,
    scope: 'openid accounts', state: f.randomId(), nonce: f.randomId(), code_challenge: f.pkce().challenge,
    code_challenge_method: 'S256', ...overrides };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

const auth = async (c) => f.assertionParams(await f.assertion(c));
// PAR with a signed request object (`ro`, made from params(c) when absent) plus `outer` form members.
async function pushSigned(c, { ro, outer = {} } = {}) {
  return f.postForm(server, '/auth/par', { request: ro ?? (await f.requestObject(c, params(c))), ...(await auth(c)), ...outer }, c.tls);
}
// PAR with plain form parameters.
async function pushPlain(c, overrides = {}) {
  return f.postForm(server, '/auth/par', { client_id: c.clientId, ...params(c, overrides), ...(await auth(c)) }, c.tls);
}

async function assertUsable(res, clientId) {
  assert.equal(res.status, 201, res.body);
  const { res: authz } = await f.authorize(server, { client_id: clientId, request_uri: res.json.request_uri });
  assert.equal(authz.status, 303, authz.body);
}

describe('the PAR request (P1, P2, P3, A15, P10)', () => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    test(`P1 ${method} /auth/par is refused with 405 and Allow: POST`, async () => {
      const res = await server.request({ listener: 'mtls', method, path: '/auth/par', cert: oneTls.cert, key: oneTls.key });
      assertError(res, 405, 'method_not_allowed');
      assert.equal(res.headers.allow, 'POST');
    });
  }

  test('P1 a JSON or text body is refused with invalid_request, and its assertion is not consumed', async () => {
    const assertion = await auth(two);
    const body = { client_id: two.clientId, ...params(two), ...assertion };
    for (const [type, text] of [['application/json', JSON.stringify(body)], ['text/plain', f.form(body)], [undefined, f.form(body)]]) {
      const res = await server.request({ listener: 'mtls', method: 'POST', path: '/auth/par', cert: twoTls.cert, key: twoTls.key,
        headers: type ? { 'content-type': type } : {}, body: text });
      assertError(res, 400, 'invalid_request');
    }
    await assertUsable(await f.postForm(server, '/auth/par', body, twoTls), two.clientId);
  });

  test('P2 a push without client authentication is refused with invalid_client', async () => {
    const ro = await f.requestObject(one, params(one));
    assertError(await f.postForm(server, '/auth/par', { request: ro }, oneTls), 401, 'invalid_client');
    assertError(await f.postForm(server, '/auth/par', { client_id: 'tpp-one', request: ro }, oneTls), 401, 'invalid_client');
    assertError(await f.postForm(server, '/auth/par', { client_id: two.clientId, ...params(two) }, twoTls), 401, 'invalid_client');
    await assertUsable(await pushSigned(one, { ro }), 'tpp-one');
  });

  test('P3 A15 a request_uri in the PAR form is refused with invalid_request', async () => {
    const ro = await f.requestObject(one, params(one));
    const outer = { request_uri: `${REQUEST_URI_PREFIX}${f.randomId()}` };
    for (const res of [await pushSigned(one, { ro, outer }), await pushPlain(two, outer)]) {
      assertError(res, 400, 'invalid_request');
      assert.match(res.json.error_description, /request_uri/);
    }
    await assertUsable(await pushSigned(one, { ro }), 'tpp-one');  // the object's jti was not remembered
  });

  test('P3 A15 a request_uri inside the pushed request object is refused with invalid_request_object', async () => {
    const jti = f.randomId();
    const bad = await f.requestObject(one, params(one, { request_uri: `${REQUEST_URI_PREFIX}${f.randomId()}` }), { claims: { jti } });
    assertError(await pushSigned(one, { ro: bad }), 400, 'invalid_request_object');
    const nested = await f.requestObject(one, params(one, { request: 'eyJhbGciOiJub25lIn0.e30.' }));
    assertError(await pushSigned(one, { ro: nested }), 400, 'invalid_request_object');
    await assertUsable(await pushSigned(one, { ro: await f.requestObject(one, params(one), { claims: { jti } }) }), 'tpp-one');
  });

  test('P10 a fapi1-advanced client pushing plain parameters is refused with invalid_request', async () => {
    assertError(await pushPlain(one), 400, 'invalid_request');
  });

  test('P10 a fapi2 client registered with requestObjectSigning: required must push a signed object', async () => {
    assertError(await pushPlain(signedTwo), 400, 'invalid_request');
    await assertUsable(await pushSigned(signedTwo), signedTwo.clientId);
  });

  test('P10 a plain fapi2 client may push unsigned parameters, or a signed object', async () => {
    await assertUsable(await pushPlain(two), two.clientId);
    await assertUsable(await pushSigned(two), two.clientId);
  });
});

describe('the PAR response (P4, P5, P12)', () => {
  test('P4 success is 201 JSON with an unguessable urn:ietf:params:oauth:request_uri and no-store', async () => {
    const seen = new Set();
    for (let i = 0; i < 5; i++) {
      const res = await pushSigned(one);
      assert.equal(res.status, 201, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json\b/);
      assert.match(String(res.headers['cache-control']), /\bno-store\b/);
      assert.deepEqual(Object.keys(res.json).sort(), ['expires_in', 'request_uri']);
      const { request_uri: uri } = res.json;
      assert.ok(uri.startsWith(REQUEST_URI_PREFIX), uri);
      const handle = uri.slice(REQUEST_URI_PREFIX.length);
      assert.match(handle, /^[A-Za-z0-9_-]+$/);
      assert.ok(handle.length * 6 >= 128, `at least 128 bits of base64url: ${handle}`);
      assert.ok(!seen.has(handle), 'a fresh request_uri every time');
      seen.add(handle);
    }
  });

  test('P5 expires_in defaults to 90 s', async () => {
    const res = await pushPlain(two);
    assert.equal(res.status, 201, res.body);
    assert.equal(res.json.expires_in, 90);
  });

  test('P5 expires_in follows fapi.parLifetime', async () => {
    const other = await startServer({ overrides: { fapi: { parLifetime: '120s' } } });
    try {
      const res = await f.postForm(other, '/auth/par', { request: await f.requestObject(one, params(one)),
        ...f.assertionParams(await f.assertion(one, { aud: f.PAR_URL })) }, oneTls);
      assert.equal(res.status, 201, res.body);
      assert.equal(res.json.expires_in, 120);
    } finally {
      await other.stop();
    }
  });

  test('P12 errors are JSON objects with a string error (400 and 401) and are not cached', async () => {
    const bad = await pushPlain(two, { code_challenge: undefined });
    const unauthenticated = await f.postForm(server, '/auth/par', { client_id: two.clientId, ...params(two) }, twoTls);
    for (const [res, status, error] of [[bad, 400, 'invalid_request'], [unauthenticated, 401, 'invalid_client']]) {
      assertError(res, status, error);
      for (const [k, v] of Object.entries(res.json)) {
        assert.ok(['error', 'error_description', 'error_uri'].includes(k), `unexpected member ${k}`);
        assert.equal(typeof v, 'string');
      }
      assert.match(String(res.headers['cache-control']), /\bno-store\b/);
      assert.ok(!('request_uri' in res.json));
    }
  });
});

describe('what a pushed request must contain (P8, P9, A18)', () => {
  const pkceCases = {
    'without code_challenge': { code_challenge: undefined, code_challenge_method: undefined },
    'with code_challenge_method plain': { code_challenge_method: 'plain', code_challenge: f.randomId() + f.randomId() },
    'with a code_challenge but no method (plain by default)': { code_challenge_method: undefined },
  };
  for (const [name, overrides] of Object.entries(pkceCases)) {
    test(`P8 a push ${name} is refused`, async () => {
      assertError(await pushPlain(two, overrides), 400, 'invalid_request');
      const ro = await f.requestObject(one, params(one, overrides));
      assertError(await pushSigned(one, { ro }), 400, 'invalid_request_object');
    });
  }

  const redirectCases = {
    'P9 a missing redirect_uri': undefined,
    'A18 a redirect_uri with a trailing slash': 'https://tpp-two.example/cb/',
    'A18 a redirect_uri with another path case': 'https://tpp-two.example/CB',
    'A18 a redirect_uri with another host case': 'https://TPP-TWO.example/cb',
    'A18 a redirect_uri with an explicit port': 'https://tpp-two.example:443/cb',
    'A18 a redirect_uri with another port': 'https://tpp-two.example:8443/cb',
    'A18 a redirect_uri with a query': 'https://tpp-two.example/cb?x=1',
    'A18 a redirect_uri with user info': 'https://evil.example@tpp-two.example/cb',
    'A18 a redirect_uri on another host': 'https://evil.example/cb',
    'A18 an http redirect_uri': 'http://tpp-two.example/cb',
  };
  for (const [name, uri] of Object.entries(redirectCases)) {
    test(`${name} is refused at PAR`, async () => {
      assertError(await pushPlain(two, { redirect_uri: uri }), 400, 'invalid_request');
      const oneUri = uri?.replace('tpp-two', 'tpp-one').replace('TPP-TWO', 'TPP-ONE');
      const ro = await f.requestObject(one, params(one, { redirect_uri: oneUri }));
      assertError(await pushSigned(one, { ro }), 400, 'invalid_request_object');
    });
  }
});

describe('using a request_uri (P6, P7)', () => {
  test('P6 a request_uri pushed by one client is refused for another, on an error page; its owner can still use it', async () => {
    const res = await pushSigned(one);
    assert.equal(res.status, 201, res.body);
    for (const intruder of ['tpp-two-jwt', 'backoffice-portal']) {
      const { res: page } = await f.authorize(server, { client_id: intruder, request_uri: res.json.request_uri });
      assert.equal(page.status, 400, page.body);
      assert.match(String(page.headers['content-type']), /^text\/html\b/);
      assert.equal(page.headers.location, undefined, 'never redirected');
      if (intruder === 'tpp-two-jwt') assert.match(page.body, /invalid_request_uri/);
    }
    await assertUsable(res, 'tpp-one');
  });

  test('P6 a request_uri that was never issued is refused on an error page', async () => {
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: `${REQUEST_URI_PREFIX}${f.randomId()}${f.randomId()}` });
    assert.equal(res.status, 400, res.body);
    assert.match(res.body, /invalid_request_uri/);
    assert.equal(res.headers.location, undefined);
  });

  test('P7 reloading the authorization page works; the request_uri is used up when the interaction completes', async () => {
    const res = await pushSigned(one);
    assert.equal(res.status, 201, res.body);
    const first = await f.authorize(server, { client_id: 'tpp-one', request_uri: res.json.request_uri });
    const reload = await f.authorize(server, { client_id: 'tpp-one', request_uri: res.json.request_uri });
    assert.equal(first.res.status, 303, first.res.body);
    assert.equal(reload.res.status, 303, reload.res.body);
    const done = await f.completeInteraction(server, reload.interactionId);
    assert.equal(done.status, 303, done.body);
    assert.ok(f.responseParams(done.headers.location).code);
    const again = await f.authorize(server, { client_id: 'tpp-one', request_uri: res.json.request_uri });
    assert.equal(again.res.status, 400, again.res.body);
    assert.match(again.res.body, /invalid_request_uri/);
  });
});

describe('DPoP at PAR (P11)', () => {
  test('P11 a DPoP proof at PAR is accepted for a DPoP client', async () => {
    const { par } = await f.pushAuthorization(server, dpopTwo);
    await assertUsable(par, dpopTwo.clientId);
  });

  test('P11 a dpop_jkt that does not match the proof key is refused, and nothing is stored', async () => {
    const other = await f.dpopKeyPair();
    const ro = await f.requestObject(dpopTwo, params(two, { dpop_jkt: other.jkt }));
    const res = await f.flowPost(server, dpopTwo, '/auth/par', { request: ro, ...(await auth(dpopTwo)) });
    assertError(res, 400, 'invalid_dpop_proof');
    const fixed = await f.flowPost(server, dpopTwo, '/auth/par', { request: ro, ...(await auth(dpopTwo)) }, { dpop: other });
    await assertUsable(fixed, dpopTwo.clientId);  // the same object (same jti), with the proof of the named key
  });

  test('P11 a DPoP proof from a client whose tokens are mTLS-bound is refused', async () => {
    const proof = await f.dpopProof(await f.dpopKeyPair(), 'POST', f.PAR_URL);
    const res = await f.postForm(server, '/auth/par', { client_id: two.clientId, ...params(two), ...(await auth(two)) }, twoTls, { dpop: proof });
    assertError(res, 400, 'invalid_request');
  });
});
