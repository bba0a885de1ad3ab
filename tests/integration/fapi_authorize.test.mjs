// SPEC §6 (authorization endpoint, A1-A11, A15-A16), P7 and ATTACKS A16-A18: what /auth/authorize, PAR's
// parameter checks and the end of the interaction answer, over the real listeners.
// Inside a signed request object a bad parameter makes the object invalid: PAR answers invalid_request_object (R8, P12).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { assertError, baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

let server, p, one, jarm, two;
before(async () => {
  p = await pki();
  const dir = tempDir();
  const fapi2Keys = await f.makeClientKeys(dir, 'fapi2-app', { alg: 'ES256' });
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  server = await startServer({ overrides: { clients: [
    ...baseConfig(p).clients,
    { clientId: 'tpp-jarm', profile: 'fapi1-advanced', redirectUris: ['https://tpp-jarm.example/cb'], responseTypes: ['code'],
      grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'private_key_jwt', allowedScopes: ['openid', 'accounts'],
      jwksFile: p.file('clients/tpp-one.jwks.json') },
    { clientId: 'fapi2-app', profile: 'fapi2', redirectUris: ['https://fapi2.example/cb'], responseTypes: ['code'],
      grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'private_key_jwt', allowedScopes: ['openid', 'accounts'],
      jwksFile: fapi2Keys.jwksFile },
  ] } });
  one = f.flowClient('tpp-one', sign, tls);
  jarm = f.flowClient('tpp-jarm', sign, tls, { redirectUri: 'https://tpp-jarm.example/cb', responseType: 'code' });
  two = f.flowClient('fapi2-app', fapi2Keys.sign, tls, { redirectUri: 'https://fapi2.example/cb', responseType: 'code' });
});
after(async () => { await server?.stop(); });

// An HTML error page, never a redirect (A4, A18), framed by nobody (A16).
function assertErrorPage(res, error) {
  assert.equal(res.status, 400, res.body);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.equal(res.headers.location, undefined, 'no redirect');
  assert.ok(res.body.includes(error), `page names ${error}: ${res.body}`);
  assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(res.headers['x-frame-options'], 'DENY');
}

async function pushed(client, overrides) {
  const { par } = await f.pushAuthorization(server, client, overrides);
  assert.equal(par.status, 201, par.body);
  return par.json.request_uri;
}

describe('A1/A16 pushed requests only', () => {
  test('A1 A16 an authorization request without request_uri gets an HTML error page and no code', async () => {
    const { challenge } = f.pkce();
    const { res } = await f.authorize(server, { client_id: 'tpp-one', response_type: 'code id_token', scope: 'openid',
      redirect_uri: one.redirectUri, nonce: 'n', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
    assertErrorPage(res, 'invalid_request');
  });

  test('A1 a request with only client_id and request_uri succeeds', async () => {
    const uri = await pushed(one);
    const { res, interactionId } = await f.authorize(server, { client_id: 'tpp-one', request_uri: uri });
    assert.equal(res.status, 303);
    assert.ok(interactionId);
  });

  test('A16 an unknown request_uri gets an HTML error page invalid_request_uri', async () => {
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: 'urn:ietf:params:oauth:request_uri:nope' });
    assertErrorPage(res, 'invalid_request_uri');
  });
});

describe('A3 response_type per profile', () => {
  test('A3 fapi1-advanced bare code without response_mode jwt is refused at PAR', async () => {
    const { par } = await f.pushAuthorization(server, jarm, {});
    assertError(par, 400, 'invalid_request_object');
    assert.equal(par.json.request_uri, undefined);
    const { par: ok } = await f.pushAuthorization(server, jarm, { response_mode: 'jwt' });
    assert.equal(ok.status, 201, ok.body);
  });

  test('A3 fapi2 refuses code id_token and token at PAR', async () => {
    for (const rt of ['code id_token', 'token']) {
      const { par } = await f.pushAuthorization(server, two, { response_type: rt });
      assertError(par, 400, 'unsupported_response_type');
    }
  });

  test('A3 fapi1-advanced hybrid with response_mode query is refused', async () => {
    const { par } = await f.pushAuthorization(server, one, { response_mode: 'query' });
    assertError(par, 400, 'invalid_request_object');
  });
});

describe('A4/A18 redirect_uri', () => {
  test('A4 A18 a redirect_uri differing by slash, case, port, query or user@host is refused, no redirect', async () => {
    for (const uri of ['https://tpp-one.example/cb/', 'https://TPP-one.example/cb', 'https://tpp-one.example/CB',
      'https://tpp-one.example:8443/cb', 'https://tpp-one.example/cb?x=1', 'https://evil@tpp-one.example/cb',
      'http://tpp-one.example/cb']) {
      const { par } = await f.pushAuthorization(server, one, { redirect_uri: uri });
      assertError(par, 400, 'invalid_request_object');
      assert.equal(par.headers.location, undefined);
    }
  });

  test('A4 a missing redirect_uri is refused', async () => {
    const { par } = await f.pushAuthorization(server, one, { redirect_uri: undefined });
    assertError(par, 400, 'invalid_request_object');
  });
});

describe('A5 nonce', () => {
  test('A5 fapi1-advanced with openid requires a nonce', async () => {
    const { par } = await f.pushAuthorization(server, one, { nonce: undefined });
    assertError(par, 400, 'invalid_request_object');
  });

  test('A5 a 64-character nonce is accepted and echoed in the ID token', async () => {
    const nonce = 'n'.repeat(64);
    const { response } = await f.authorizeFlow(server, one, { nonce });
    assert.equal(jose.decodeJwt(response.id_token).nonce, nonce);
  });

  test('A5 a 300-character nonce is refused with invalid_request', async () => {
    const { par } = await f.pushAuthorization(server, one, { nonce: 'n'.repeat(300) });
    assertError(par, 400, 'invalid_request_object');
  });

  test('A5 fapi2 does not require a nonce', async () => {
    const { response } = await f.authorizeFlow(server, two, { nonce: undefined });
    assert.ok(response.code);
  });
});

describe('A6 state', () => {
  test('A6 without state the response has no state and the ID token no s_hash', async () => {
    const { response } = await f.authorizeFlow(server, one, { state: undefined });
    assert.ok(response.code);
    assert.equal(response.state, undefined);
    assert.equal(jose.decodeJwt(response.id_token).s_hash, undefined);
  });

  test('A6 a 1,000-character state round-trips', async () => {
    const state = 'S'.repeat(500) + '-._~'.repeat(125);
    const { response } = await f.authorizeFlow(server, one, { state });
    assert.equal(response.state, state);
  });
});

describe('A7-A9 the authorization response', () => {
  test('A7 A8 a denied request redirects with access_denied, state and iss, and no code', async () => {
    const { done, response } = await f.authorizeFlow(server, one, { state: 'deny-me' }, { interaction: { decision: 'deny' } });
    assert.equal(done.status, 303);
    assert.ok(done.headers.location.startsWith('https://tpp-one.example/cb#'), done.headers.location);
    assert.equal(response.error, 'access_denied');
    assert.equal(response.state, 'deny-me');
    assert.equal(response.iss, f.ISSUER);
    assert.equal(response.code, undefined);
  });

  test('A8 every successful response carries the issuer', async () => {
    for (const client of [one, two]) {
      const { response } = await f.authorizeFlow(server, client);
      assert.equal(response.iss, f.ISSUER);
    }
  });

  test('A9 /authorize and the end of the interaction answer 303, never 307', async () => {
    const { par } = await f.pushAuthorization(server, one);
    const { res, interactionId } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
    assert.equal(res.status, 303);
    const done = await f.completeInteraction(server, interactionId);
    assert.equal(done.status, 303);
    assert.equal(done.headers['cache-control'], 'no-store');
    const post = await server.request({ method: 'POST', path: '/auth/authorize', body: f.form({ client_id: 'tpp-one', request_uri: (await f.pushAuthorization(server, one)).par.json.request_uri }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(post.status, 303);
  });

  test('A10 I6 the acr of the login is asserted (loa3 when the login was multi-factor)', async () => {
    const { response } = await f.authorizeFlow(server, one, {}, { interaction: { acr: 'urn:brasil:openbanking:loa3' } });
    assert.equal(jose.decodeJwt(response.id_token).acr, 'urn:brasil:openbanking:loa3');
  });

  test('A11 a request carrying id_token_hint is refused', async () => {
    const { par } = await f.pushAuthorization(server, one, { id_token_hint: 'eyJhbGciOiJub25lIn0.e30.' });
    assertError(par, 400, 'invalid_request_object');
  });
});

describe('P7/A17 request_uri use', () => {
  test('P7 reloading /authorize twice still works, and the first completion wins', async () => {
    const uri = await pushed(one);
    const first = await f.authorize(server, { client_id: 'tpp-one', request_uri: uri });
    const second = await f.authorize(server, { client_id: 'tpp-one', request_uri: uri });
    assert.equal(first.res.status, 303);
    assert.equal(second.res.status, 303);
    assert.notEqual(first.interactionId, second.interactionId);
    const done = await f.completeInteraction(server, second.interactionId);
    assert.equal(done.status, 303);
    assert.ok(f.responseParams(done.headers.location).code);
    const late = await f.completeInteraction(server, first.interactionId);
    assertErrorPage(late, 'invalid_request_uri');
  });

  test('A17 a request_uri used in a completed flow is refused at /authorize', async () => {
    const { requestUri } = await f.authorizeFlow(server, one);
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: requestUri });
    assertErrorPage(res, 'invalid_request_uri');
  });

  test('A17 a request_uri used by another client is refused, and its own client can still use it', async () => {
    const uri = await pushed(one);
    const { res } = await f.authorize(server, { client_id: 'tpp-jarm', request_uri: uri });
    assertErrorPage(res, 'invalid_request_uri');
    const own = await f.authorize(server, { client_id: 'tpp-one', request_uri: uri });
    assert.equal(own.res.status, 303);
  });

  test('A17 a request_uri of a denied flow is used up too', async () => {
    const { requestUri } = await f.authorizeFlow(server, one, {}, { interaction: { decision: 'deny' } });
    const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: requestUri });
    assertErrorPage(res, 'invalid_request_uri');
  });
});

describe('A15 essential claims', () => {
  test('A15 an essential cpf with a value the user does not have ends in an access_denied redirect', async () => {
    const claims = JSON.stringify({ id_token: { cpf: { essential: true, value: '11111111111' } } });
    const { response } = await f.authorizeFlow(server, two, { claims, state: 'a15' }, { interaction: { cpf: '12345678909' } });
    assert.equal(response.error, 'access_denied');
    assert.equal(response.state, 'a15');
    assert.equal(response.iss, f.ISSUER);
    assert.equal(response.code, undefined);
  });

  test('A15 essential personal data for an unencrypted front-channel ID token fails at the authorization endpoint', async () => {
    const claims = JSON.stringify({ id_token: { cpf: { essential: true } } });
    const { response } = await f.authorizeFlow(server, one, { claims }, { interaction: { cpf: '12345678909' } });
    assert.equal(response.error, 'access_denied');
    assert.equal(response.code, undefined);
    assert.equal(response.id_token, undefined);
  });
});
