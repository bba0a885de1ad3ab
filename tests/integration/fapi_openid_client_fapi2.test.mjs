// FAPI 2.0 end to end with a real OIDC client library (npm openid-client 6.x) against the real server:
// private_key_jwt with DPoP-bound tokens (incl. the server's DPoP nonce), tls_client_auth with mTLS-bound
// tokens, and FAPI 2.0 Message Signing (signed request objects required, JARM); then client_credentials
// with each client authentication and binding method. openid-client makes and checks every message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { pki, startServer } from './harness.mjs';
import * as s from './openid_client_support.mjs';

const REDIRECT = 'https://tpp.example/cb';
const TPP_TWO_DN = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
let server, p, tppOne, tppTwo, sig, msSig;

function client(clientId, extra) {
  return {
    clientId, profile: 'fapi2', redirectUris: [REDIRECT], responseTypes: ['code'],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    allowedScopes: ['openid', 'consents', 'resources', 'accounts'], ...extra,
  };
}

before(async () => {
  p = await pki();
  tppOne = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  tppTwo = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  sig = await s.signingKeyFromPem(p.file('clients/tpp-one-sig.key'), 'tpp-one-sig');
  msSig = await s.newSigningKey('tpp-two-ms-sig');
  server = await startServer({ overrides: { clients: [
    client('tpp-dpop', { tokenEndpointAuthMethod: 'private_key_jwt', jwksFile: p.file('clients/tpp-one.jwks.json'), tokenBinding: 'dpop' }),
    client('tpp-two', { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TPP_TWO_DN }),
    // F2MS: request objects must be signed (by a key of its JWKS); JARM is the client's choice per request.
    client('tpp-two-ms', { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: TPP_TWO_DN,
      requestObjectSigning: 'required', jwksFile: s.writeJwks('tpp-two-ms', msSig.publicJwk) }),
  ] } });
});
after(async () => { await server?.stop(); });

async function dpopHandle(config) {
  const keyPair = await oidc.randomDPoPKeyPair('ES256');
  const jkt = await jose.calculateJwkThumbprint(await webcrypto.subtle.exportKey('jwk', keyPair.publicKey), 'sha256');
  return { handle: oidc.getDPoPHandle(config, keyPair), jkt };
}

const posts = (fetch) => fetch.log.filter((r) => r.method === 'POST').map((r) => [new URL(r.url).pathname, r.status]);

test('S3 S4 P11 fapi2 private_key_jwt with DPoP-bound tokens passes openid-client end to end, through the server\'s DPoP nonce', async () => {
  const fetch = s.serverFetch(server, tppOne);
  const config = await s.discover(fetch, 'tpp-dpop', oidc.PrivateKeyJwt(sig));
  const { handle, jkt } = await dpopHandle(config);
  const { verifier, challenge, state, nonce } = await s.secrets();
  // Plain parameters at PAR (F2), with a DPoP proof there that binds the code to the key (P11).
  const url = await oidc.buildAuthorizationUrlWithPAR(config,
    { redirect_uri: REDIRECT, scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' }, { DPoP: handle });
  const callback = await s.browse(server, url);
  assert.equal(callback.searchParams.get('iss'), 'https://as.fapid.test/auth', 'A8 RFC 9207 iss, checked by openid-client too');
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
    undefined, { DPoP: handle });
  // PAR takes a proof without a server nonce (RFC 9449 §10: it only binds the code) and hands out a
  // DPoP-Nonce (RFC 9449 §8), which openid-client keeps for the origin: the token request needs no retry.
  assert.deepEqual(posts(fetch), [['/auth/par', 201], ['/auth/token', 200]], 'S4 the nonce from PAR is used at the token endpoint');
  assert.equal(jose.decodeJwt(tokens.access_token).cnf?.jkt, jkt, 'S4 cnf.jkt of the access token');
  assert.equal(tokens.claims().sub, 'customer-1');
  assert.equal(tokens.claims().nonce, nonce);
  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { jkt }, dpop: handle, tokenType: 'dpop' });
});

test('S5 RT2 TK5 a DPoP-bound grant is refused to openid-client without a proof or with a proof by another key, and nothing is spent', async () => {
  const fetch = s.serverFetch(server, tppOne);
  const config = await s.discover(fetch, 'tpp-dpop', oidc.PrivateKeyJwt(sig));
  const { handle } = await dpopHandle(config);
  const { handle: otherKey } = await dpopHandle(config);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await oidc.buildAuthorizationUrlWithPAR(config,
    { redirect_uri: REDIRECT, scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' }, { DPoP: handle });
  const tokens = await oidc.authorizationCodeGrant(config, await s.browse(server, url),
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }, undefined, { DPoP: handle });
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token), s.oauthError(400, 'invalid_dpop_proof'));
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP: otherKey }), s.oauthError(400, 'invalid_dpop_proof'));
  // S6: the DPoP-bound token sent as a Bearer token, then with a proof by the wrong key.
  await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, 'customer-1'), s.challenged('bearer', 'invalid_token'));
  await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, 'customer-1', { DPoP: otherKey }), s.challenged('dpop', 'invalid_dpop_proof'));
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP: handle });
  assert.equal(refreshed.refresh_token, tokens.refresh_token);
  assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, 'customer-1', { DPoP: handle })).sub, 'customer-1');
});

test('S2 CA7 fapi2 tls_client_auth with mTLS-bound tokens passes openid-client end to end', async () => {
  const fetch = s.serverFetch(server, tppTwo);
  const config = await s.discover(fetch, 'tpp-two', oidc.TlsClientAuth());
  const { verifier, challenge, state, nonce } = await s.secrets();
  const url = await oidc.buildAuthorizationUrlWithPAR(config,
    { redirect_uri: REDIRECT, scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  const tokens = await oidc.authorizationCodeGrant(config, await s.browse(server, url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  assert.deepEqual(posts(fetch), [['/auth/par', 201], ['/auth/token', 200]]);
  assert.equal(jose.decodeJwt(tokens.access_token).cnf?.['x5t#S256'], s.x5tS256(tppTwo.cert), 'S2');
  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { 'x5t#S256': s.x5tS256(tppTwo.cert) }, tokenType: 'bearer' });
});

test('P10 R1 J1 J3 F2MS tls_client_auth with a signed request object pushed by openid-client and a JARM response passes end to end', async () => {
  const fetch = s.serverFetch(server, tppTwo);
  const config = await s.discover(fetch, 'tpp-two-ms', oidc.TlsClientAuth(), [oidc.useJwtResponseMode]);
  const { verifier, challenge, state, nonce } = await s.secrets();
  const params = { redirect_uri: REDIRECT, scope: 'openid accounts', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' };

  // P10: the client must sign; the same parameters unsigned are refused, and no request_uri is issued.
  await assert.rejects(oidc.buildAuthorizationUrlWithPAR(config, params), s.oauthError(400, 'invalid_request'));

  const jar = await oidc.buildAuthorizationUrlWithJAR(config, params, msSig.privateKey);
  const url = await oidc.buildAuthorizationUrlWithPAR(config, jar.searchParams);
  const callback = await s.browse(server, url);
  assert.deepEqual([...callback.searchParams.keys()], ['response'], 'J3 iss only inside the JWT');
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  assert.deepEqual(posts(fetch), [['/auth/par', 400], ['/auth/par', 201], ['/auth/token', 200]]);
  await s.grantLifecycle(config, tokens, { subject: 'customer-1', cnf: { 'x5t#S256': s.x5tS256(tppTwo.cert) }, tokenType: 'bearer' });
});

test('TK8 client_credentials through openid-client with tls_client_auth (mTLS-bound) and with private_key_jwt + DPoP (DPoP-bound)', async () => {
  const mtls = await s.discover(s.serverFetch(server, tppTwo), 'tpp-two', oidc.TlsClientAuth());
  const bound = await oidc.clientCredentialsGrant(mtls, { scope: 'consents' });
  assert.equal(bound.token_type, 'bearer');
  assert.deepEqual((await oidc.tokenIntrospection(mtls, bound.access_token)).cnf, { 'x5t#S256': s.x5tS256(tppTwo.cert) });

  const dpopConfig = await s.discover(s.serverFetch(server, tppOne), 'tpp-dpop', oidc.PrivateKeyJwt(sig));
  const { handle, jkt } = await dpopHandle(dpopConfig);
  const dpop = await oidc.clientCredentialsGrant(dpopConfig, { scope: 'consents' }, { DPoP: handle });
  assert.equal(dpop.token_type, 'dpop');
  assert.deepEqual((await oidc.tokenIntrospection(dpopConfig, dpop.access_token)).cnf, { jkt });

  for (const [config, token] of [[mtls, bound.access_token], [dpopConfig, dpop.access_token]]) {
    await oidc.tokenRevocation(config, token);
    assert.deepEqual({ ...(await oidc.tokenIntrospection(config, token)) }, { active: false });
  }
});

test('CA7 T09 tls_client_auth through openid-client over a certificate of another subject is invalid_client, and the right one still works', async () => {
  const wrong = await s.discover(s.serverFetch(server, tppOne), 'tpp-two', oidc.TlsClientAuth());
  await assert.rejects(oidc.clientCredentialsGrant(wrong, { scope: 'consents' }), s.oauthError(401, 'invalid_client'));
  const { challenge } = await s.secrets();
  await assert.rejects(oidc.buildAuthorizationUrlWithPAR(wrong, { redirect_uri: REDIRECT, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }),
    s.oauthError(401, 'invalid_client'));
  const right = await s.discover(s.serverFetch(server, tppTwo), 'tpp-two', oidc.TlsClientAuth());
  assert.ok((await oidc.clientCredentialsGrant(right, { scope: 'consents' })).access_token);
});
