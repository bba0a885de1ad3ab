// FAPI 1.0 Advanced end to end with a real OIDC client library (npm openid-client 6.x) against the real server:
// discovery → PAR of a signed request object (JAR) → /authorize → interaction → authorization response
// (hybrid `code id_token` with an encrypted detached-signature ID token, or JARM) → token → userinfo →
// refresh → introspection → revocation, with private_key_jwt and mTLS-bound tokens; and client_credentials.
// openid-client makes and checks every message itself: the test only plays the browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { pki, startServer } from './harness.mjs';
import * as s from './openid_client_support.mjs';

const REDIRECT = 'https://tpp-one.example/cb';
let server, p, tls, sig, enc, sigJwk;

function client(clientId, extra) {
  return {
    clientId, profile: 'fapi1-advanced', redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'private_key_jwt',
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    allowedScopes: ['openid', 'consents', 'resources', 'accounts'], ...extra,
  };
}

before(async () => {
  p = await pki();
  tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  sig = await s.signingKeyFromPem(p.file('clients/tpp-one-sig.key'), 'tpp-one-sig');
  sigJwk = JSON.parse(p.read('clients/tpp-one.jwks.json')).keys[0];
  enc = await s.newEncryptionKey('tpp-one-enc');
  server = await startServer({ overrides: { clients: [
    // Open Finance Brasil's shape: hybrid, with an encryption key for the front-channel ID token (I7).
    client('tpp-one', { responseTypes: ['code id_token'], jwksFile: s.writeJwks('tpp-one', sigJwk, enc.publicJwk) }),
    // The same without an encryption key: a signed (not encrypted) detached signature (I3, I4).
    client('tpp-signed', { responseTypes: ['code id_token'], jwksFile: p.file('clients/tpp-one.jwks.json') }),
    // FAPI 1 Advanced's other option: `code` with JARM.
    client('tpp-jarm', { responseTypes: ['code'], jwksFile: p.file('clients/tpp-one.jwks.json') }),
  ] } });
});
after(async () => { await server?.stop(); });

async function discover(clientId, execute) {
  const fetch = s.serverFetch(server, tls);
  const config = await s.discover(fetch, clientId, oidc.PrivateKeyJwt(sig), execute);
  return { fetch, config };
}

// JAR pushed through PAR, as openid-client builds them: the authorization URL then carries only
// client_id and request_uri (A1).
async function pushSignedRequest(config, params) {
  const jar = await oidc.buildAuthorizationUrlWithJAR(config, { redirect_uri: REDIRECT, ...params }, sig);
  const url = await oidc.buildAuthorizationUrlWithPAR(config, jar.searchParams);
  assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request_uri']);
  assert.match(url.searchParams.get('request_uri'), /^urn:ietf:params:oauth:request_uri:/, 'P4');
  return url;
}

const hybrid = [oidc.useCodeIdTokenResponseType, oidc.enableDetachedSignatureResponseChecks];

test('I3 I7 fapi1-advanced code id_token with private_key_jwt and mTLS-bound tokens passes openid-client end to end, the front-channel ID token encrypted to the client', async () => {
  const { fetch, config } = await discover('tpp-one', hybrid);
  oidc.enableDecryptingResponses(config, ['A256GCM'], enc.privateKey);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await pushSignedRequest(config, { scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const callback = await s.browse(server, url, { cpf: '12345678909' });
  const front = new URLSearchParams(callback.hash.slice(1));
  assert.equal(front.get('id_token').split('.').length, 5, 'I7 the front-channel ID token is a JWE');

  // openid-client decrypts it, checks the detached signature (c_hash, s_hash, nonce, iss, aud) and redeems the code.
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  const decrypted = oidc.getDecryptedResponses(tokens);
  assert.equal(decrypted?.id_token?.authorization_endpoint?.split('.').length, 3, 'I7 a signed ID token inside the JWE');
  const claims = tokens.claims();
  assert.equal(claims.sub, 'customer-1');
  assert.equal(claims.nonce, nonce);
  assert.equal(claims.acr, 'urn:brasil:openbanking:loa2', 'I6');
  assert.ok(claims.at_hash, 'I3 at_hash in the token-endpoint ID token');
  assert.deepEqual(fetch.log.filter((r) => r.method === 'POST').map((r) => [new URL(r.url).pathname, r.listener, r.status]),
    [['/auth/par', 'mtls', 201], ['/auth/token', 'mtls', 200]], 'D7 PAR and token through the mTLS aliases');

  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { 'x5t#S256': s.x5tS256(tls.cert) }, tokenType: 'bearer' });
});

test('I3 I4 fapi1-advanced code id_token for a client without an encryption key: a signed detached-signature ID token that openid-client verifies', async () => {
  const { config } = await discover('tpp-signed', hybrid);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await pushSignedRequest(config, { scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const callback = await s.browse(server, url);
  assert.equal(new URLSearchParams(callback.hash.slice(1)).get('id_token').split('.').length, 3, 'I4 a signed ID token');
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  assert.equal(tokens.claims().sub, 'customer-1');
  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { 'x5t#S256': s.x5tS256(tls.cert) }, tokenType: 'bearer' });
});

test('J1 J2 fapi1-advanced code with response_mode jwt: openid-client verifies the JARM response and completes the grant', async () => {
  const { config } = await discover('tpp-jarm', [oidc.useJwtResponseMode]);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await pushSignedRequest(config, { scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const callback = await s.browse(server, url);
  assert.deepEqual([...callback.searchParams.keys()], ['response'], 'J2 nothing but the JWT in the query');
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  assert.equal(tokens.claims().nonce, nonce);
  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { 'x5t#S256': s.x5tS256(tls.cert) }, tokenType: 'bearer' });
});

test('A7 J1 the user denying consent reaches openid-client as access_denied inside the JARM response, and no code was issued', async () => {
  const { fetch, config } = await discover('tpp-jarm', [oidc.useJwtResponseMode]);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await pushSignedRequest(config, { scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const callback = await s.browse(server, url, { decision: 'deny' });
  await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
    (e) => e instanceof oidc.AuthorizationResponseError && e.error === 'access_denied' && e.cause.get('state') === state && !e.cause.has('code'));
  assert.equal(fetch.log.filter((r) => r.url.endsWith('/auth/token')).length, 0, 'nothing to redeem');
});

test('S2 T11 RT2 an mTLS-bound grant used by openid-client over another client certificate is refused at userinfo and refresh, and still works over its own', async () => {
  const { config } = await discover('tpp-signed', hybrid);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await pushSignedRequest(config, { scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const tokens = await oidc.authorizationCodeGrant(config, await s.browse(server, url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  // The same client and key, another certificate (tpp-two's, trusted by the server): private_key_jwt still
  // authenticates the client, but the tokens are bound to tpp-one's certificate.
  const other = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  const stolen = await s.discover(s.serverFetch(server, other), 'tpp-signed', oidc.PrivateKeyJwt(sig), hybrid);
  await assert.rejects(oidc.fetchUserInfo(stolen, tokens.access_token, 'customer-1'), s.challenged('bearer', 'invalid_token'));
  await assert.rejects(oidc.refreshTokenGrant(stolen, tokens.refresh_token), s.oauthError(400, 'invalid_grant'));
  // Nothing was spent: the rightful holder refreshes and reads userinfo.
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
  assert.equal(refreshed.refresh_token, tokens.refresh_token);
  assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, 'customer-1')).sub, 'customer-1');
});

test('TK8 client_credentials with private_key_jwt through openid-client: an mTLS-bound token that introspects active until revoked', async () => {
  const { fetch, config } = await discover('tpp-one', []);
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'consents' });
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.refresh_token, undefined, 'no refresh token for client_credentials');
  assert.equal(tokens.scope ?? 'consents', 'consents');
  const info = await oidc.tokenIntrospection(config, tokens.access_token);
  assert.equal(info.active, true);
  assert.equal(info.client_id, 'tpp-one');
  assert.deepEqual(info.cnf, { 'x5t#S256': s.x5tS256(tls.cert) }, 'S2');
  await oidc.tokenRevocation(config, tokens.access_token);
  assert.deepEqual({ ...(await oidc.tokenIntrospection(config, tokens.access_token)) }, { active: false });
  assert.ok(fetch.log.every((r) => r.status < 500));
});
