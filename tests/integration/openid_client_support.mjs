// Support for the end-to-end tests driven by npm `openid-client` (6.x): a fetch that reaches the real server on
// loopback under its public names (presenting the client certificate on the mTLS listener), client keys as
// WebCrypto keys, the browser step (authorization URL → interaction → redirect URI), and a Configuration
// made by openid-client's own discovery().
import assert from 'node:assert/strict';
import { X509Certificate, createHash, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as oidc from 'openid-client';
import { MTLS_URL, PUBLIC_URL, tempDir } from './harness.mjs';
import { ISSUER, completeInteraction } from './fapi_flow.mjs';

const { subtle } = webcrypto;

// A fetch for openid-client's customFetch: https://as.fapid.test → the TLS listener, https://mtls.fapid.test →
// the mTLS listener with `tls` = { cert, key } (or none). Each request is recorded in `fetch.log` as
// { method, url, listener, status }.
export function serverFetch(server, tls) {
  const log = [];
  const fetch = async (url, options = {}) => {
    const u = new URL(url);
    const listener = u.origin === MTLS_URL ? 'mtls' : u.origin === PUBLIC_URL ? 'tls' : undefined;
    if (!listener) throw new Error(`serverFetch: no listener for ${u.origin}`);
    const headers = Object.fromEntries(new Headers(options.headers ?? {}).entries());
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const res = await server.request({
      listener, method: options.method ?? 'GET', path: u.pathname + u.search, headers, body,
      ...(listener === 'mtls' && tls ? { cert: tls.cert, key: tls.key } : {}),
    });
    log.push({ method: options.method ?? 'GET', url: u.href, listener, status: res.status });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) for (const one of [v].flat()) out.append(k, String(one));
    return new Response([204, 304].includes(res.status) ? null : res.body, { status: res.status, headers: out });
  };
  fetch.log = log;
  return fetch;
}

const pemBody = (pem) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

// The PS256 signing key of a PEM PKCS#8 file as openid-client's PrivateKey { key, kid }.
export async function signingKeyFromPem(file, kid) {
  const key = await subtle.importKey('pkcs8', pemBody(fs.readFileSync(file, 'utf8')),
    { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
  return { key, kid };
}

// A fresh PS256 signing key: { privateKey: { key, kid }, publicJwk }.
export async function newSigningKey(kid) {
  const pair = await subtle.generateKey({ name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, ['sign', 'verify']);
  const jwk = await subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: { key: pair.privateKey, kid }, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, use: 'sig', alg: 'PS256' } };
}

// A fresh RSA-OAEP decryption key: { privateKey: { key, kid } (openid-client's DecryptionKey), publicJwk }.
export async function newEncryptionKey(kid) {
  const pair = await subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' },
    true, ['encrypt', 'decrypt']);
  const jwk = await subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: { key: pair.privateKey, kid }, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, use: 'enc', alg: 'RSA-OAEP' } };
}

// Writes a public JWKS file (for a client's `jwksFile`) and returns its path.
export function writeJwks(name, ...keys) {
  const file = path.join(tempDir('fapid-jwks-'), `${name}.jwks.json`);
  fs.writeFileSync(file, JSON.stringify({ keys }));
  return file;
}

// openid-client's discovery() of the issuer through `fetch`, with mTLS aliases, and `execute` extensions.
export async function discover(fetch, clientId, clientAuth, execute = []) {
  return oidc.discovery(new URL(ISSUER), clientId, { use_mtls_endpoint_aliases: true }, clientAuth,
    { [oidc.customFetch]: fetch, execute });
}

// The browser: GET the authorization URL on the TLS listener (303 to the interaction), approve through the
// test route, and return the redirect URI the server sent the user agent to, as a URL.
export async function browse(server, authorizationUrl, interaction = {}) {
  const u = new URL(authorizationUrl);
  if (u.origin !== PUBLIC_URL) throw new Error(`authorization URL on ${u.origin}`);
  const res = await server.request({ path: u.pathname + u.search });
  if (res.status !== 303) throw new Error(`authorize: ${res.status} ${res.body}`);
  const id = new URL(res.headers.location, PUBLIC_URL).searchParams.get('id');
  const done = await completeInteraction(server, id, interaction);
  if (done.status !== 303) throw new Error(`interaction: ${done.status} ${done.body}`);
  return new URL(done.headers.location);
}

// Fresh PKCE, state and nonce from openid-client.
export async function secrets() {
  const verifier = oidc.randomPKCECodeVerifier();
  return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier), state: oidc.randomState(), nonce: oidc.randomNonce() };
}

// RFC 8705 §3.1: the base64url SHA-256 of the DER certificate.
export function x5tS256(pem) {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
}

// openid-client's error for an OAuth error response: `error` and HTTP `status`.
export const oauthError = (status, error) => (e) => {
  assert.ok(e instanceof oidc.ResponseBodyError, `a ResponseBodyError, got ${e}`);
  assert.equal(e.status, status, `status (${e.error}: ${e.error_description})`);
  assert.equal(e.error, error, e.error_description);
  return true;
};

// A 401 from a protected resource with a `scheme` challenge carrying `error` (RFC 6750 §3, RFC 9449 §7.1),
// as openid-client reports it.
export const challenged = (scheme, error) => (e) => {
  assert.ok(e instanceof oidc.WWWAuthenticateChallengeError, `a WWWAuthenticateChallengeError, got ${e}`);
  assert.equal(e.status, 401);
  assert.deepEqual(e.cause.map((c) => [c.scheme, c.parameters.error]), [[scheme, error]], JSON.stringify(e.cause));
  return true;
};

// The rest of a grant's life through openid-client, after authorizationCodeGrant gave `tokens`:
// userinfo → introspection → refresh (no rotation, RT1) → userinfo again → revocation of the refresh
// token → every token of the grant introspects inactive, refresh fails, userinfo refuses the access token.
// `cnf` is the expected confirmation (IN2, S2, S4); `dpop` openid-client's DPoP handle, when DPoP-bound.
export async function grantLifecycle(config, tokens, { subject, cnf, dpop, tokenType }) {
  const opts = dpop ? { DPoP: dpop } : undefined;
  assert.equal(tokens.token_type, tokenType, 'TK6 token_type');
  assert.ok(tokens.refresh_token, 'RT3 a refresh token is issued');
  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, subject, opts);
  assert.equal(userinfo.sub, subject, 'UI1 userinfo sub = ID token sub');

  const active = await oidc.tokenIntrospection(config, tokens.access_token);
  assert.equal(active.active, true);
  assert.equal(active.client_id, config.clientMetadata().client_id);
  assert.equal(active.sub, subject);
  assert.deepEqual(active.cnf, cnf, 'IN2 the confirmation of the bound token');

  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token, undefined, opts);
  assert.notEqual(refreshed.access_token, tokens.access_token, 'RT5 a new access token');
  assert.equal(refreshed.refresh_token, tokens.refresh_token, 'RT1 the refresh token is not rotated');
  assert.equal(refreshed.token_type, tokenType);
  if (tokens.id_token) assert.equal(refreshed.claims()?.sub, subject, 'RT5 the refreshed ID token has the same sub');
  assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, subject, opts)).sub, subject);
  const refreshInfo = await oidc.tokenIntrospection(config, tokens.refresh_token);
  assert.equal(refreshInfo.active, true);
  assert.equal(refreshInfo.token_type, 'refresh_token');
  assert.deepEqual(refreshInfo.cnf, cnf, 'S5 the refresh token is bound too');

  await oidc.tokenRevocation(config, tokens.refresh_token, { token_type_hint: 'refresh_token' });
  for (const token of [tokens.access_token, refreshed.access_token, tokens.refresh_token]) {
    const info = await oidc.tokenIntrospection(config, token);
    assert.deepEqual({ ...info }, { active: false }, 'RV1 IN1 revoking the refresh token ends the whole grant');
  }
  await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token, undefined, opts), oauthError(400, 'invalid_grant'));
  await assert.rejects(oidc.fetchUserInfo(config, refreshed.access_token, subject, opts), challenged(tokenType, 'invalid_token'));
  // Revoking again, or a token that is already dead, is answered 200 all the same (RFC 7009 §2.2).
  await oidc.tokenRevocation(config, tokens.refresh_token);
  return refreshed;
}
