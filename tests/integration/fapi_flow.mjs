// Building blocks of FAPI flows for the integration tests, written with npm `jose` so that what the server
// accepts is made by an independent JOSE implementation: client assertions (RFC 7523), request objects
// (RFC 9101, optionally nested in a JWE), DPoP proofs (RFC 9449), PKCE, and the steps PAR → /authorize →
// test interaction → token over the real TLS and mTLS listeners.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import * as jose from 'jose';
import { MTLS_URL, PUBLIC_URL } from './harness.mjs';

export const ISSUER = `${PUBLIC_URL}/auth`;
export const PAR_URL = `${MTLS_URL}/auth/par`;
export const TOKEN_URL = `${MTLS_URL}/auth/token`;
export const USERINFO_URL = `${MTLS_URL}/auth/userinfo`;
export const INTROSPECTION_URL = `${MTLS_URL}/auth/token/introspection`;
export const REVOCATION_URL = `${MTLS_URL}/auth/token/revocation`;
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const b64url = (buf) => Buffer.from(buf).toString('base64url');
export const now = () => Math.floor(Date.now() / 1000);
export const randomId = () => b64url(randomBytes(16));

export function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

export async function importPem(file, alg) {
  return jose.importPKCS8(fs.readFileSync(file, 'utf8'), alg);
}

// A client's signing identity: { clientId, key, alg, kid }.
export async function assertion(client, { aud = ISSUER, claims = {}, header = {}, omit = [] } = {}) {
  const payload = { iss: client.clientId, sub: client.clientId, aud, jti: randomId(), iat: now(), exp: now() + 60, ...claims };
  for (const k of omit) delete payload[k];
  return new jose.SignJWT(payload).setProtectedHeader({ alg: client.alg, kid: client.kid, ...header }).sign(client.key);
}

export function assertionParams(jwt) {
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: jwt };
}

export async function requestObject(client, params, { claims = {}, header = {}, omit = [], encryptTo } = {}) {
  const payload = { iss: client.clientId, aud: ISSUER, client_id: client.clientId, nbf: now(), exp: now() + 300,
    jti: randomId(), ...params, ...claims };
  for (const k of omit) delete payload[k];
  const jws = await new jose.SignJWT(payload)
    .setProtectedHeader({ alg: client.alg, kid: client.kid, typ: 'oauth-authz-req+jwt', ...header })
    .sign(client.key);
  if (!encryptTo) return jws;
  return new jose.CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: encryptTo.kid, cty: 'JWT' })
    .encrypt(encryptTo.key);
}

// A DPoP proof (RFC 9449 §4.2) from `keyPair` = { privateKey, publicJwk, alg }.
export async function dpopProof(keyPair, method, url, { accessToken, nonce, claims = {}, header = {} } = {}) {
  const payload = { jti: randomId(), htm: method, htu: url, iat: now(), ...claims };
  if (nonce) payload.nonce = nonce;
  if (accessToken) payload.ath = b64url(createHash('sha256').update(accessToken).digest());
  return new jose.SignJWT(payload)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: keyPair.alg, jwk: keyPair.publicJwk, ...header })
    .sign(keyPair.privateKey);
}

export async function dpopKeyPair(alg = 'ES256') {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  const publicJwk = await jose.exportJWK(publicKey);
  const jkt = await jose.calculateJwkThumbprint(publicJwk, 'sha256');
  return { privateKey, publicJwk, alg, jkt };
}

export const form = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();

// POST a form to an mTLS endpoint of `server` presenting `tls` = { cert, key } (PEM).
export function postForm(server, path, params, tls, headers = {}) {
  return server.request({
    listener: 'mtls', method: 'POST', path, cert: tls.cert, key: tls.key,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form(params),
  });
}

// GET /auth/authorize and follow to the interaction page; returns { res, interactionId }.
export async function authorize(server, query) {
  const res = await server.request({ path: `/auth/authorize?${form(query)}` });
  let interactionId;
  if (res.status === 303) interactionId = new URL(res.headers.location).searchParams.get('id');
  return { res, interactionId };
}

// Completes the interaction through the test-only route; resolves the 303 response.
export function completeInteraction(server, id, { decision = 'approve', subject = 'customer-1', cpf, cnpj, acr } = {}) {
  return server.request({
    method: 'POST', path: '/auth/test/interaction',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ id, decision, subject, cpf, cnpj, acr }),
  });
}

// Parameters of an authorization response: from the query or the fragment of a Location header.
export function responseParams(location) {
  const url = new URL(location);
  const params = new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
  return Object.fromEntries(params);
}
