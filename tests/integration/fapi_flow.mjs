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
  const t = now() + (client.clockOffset ?? 0);  // a test that moved the server clock dates its assertions with it
  const payload = { iss: client.clientId, sub: client.clientId, aud, jti: randomId(), iat: t, exp: t + 60, ...claims };
  for (const k of omit) delete payload[k];
  return new jose.SignJWT(payload).setProtectedHeader({ alg: client.alg, kid: client.kid, ...header }).sign(client.key);
}

export function assertionParams(jwt) {
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: jwt };
}

export async function requestObject(client, params, { claims = {}, header = {}, omit = [], encryptTo } = {}) {
  const t = now() + (client.clockOffset ?? 0);
  const payload = { iss: client.clientId, aud: ISSUER, client_id: client.clientId, nbf: t, exp: t + 300,
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

// ---- Flow helpers for the authorization, token and token-lifecycle tests (appended) -------------------

// A client's keys made in the test: a signing key (`alg`, kid `<name>-sig`) and, with `enc`, an RSA-OAEP
// encryption key (kid `<name>-enc`); the public JWKS is written to `<dir>/<name>.jwks.json`.
// Returns { sign: { key, alg, kid }, jwksFile, jwks, enc: { privateKey, kid } | undefined }.
export async function makeClientKeys(dir, name, { alg = 'PS256', enc = false } = {}) {
  const sig = await jose.generateKeyPair(alg, { extractable: true });
  const keys = [{ ...(await jose.exportJWK(sig.publicKey)), kid: `${name}-sig`, use: 'sig', alg }];
  let encKey;
  if (enc) {
    const e = await jose.generateKeyPair('RSA-OAEP', { modulusLength: 2048, extractable: true });
    keys.push({ ...(await jose.exportJWK(e.publicKey)), kid: `${name}-enc`, use: 'enc', alg: 'RSA-OAEP' });
    encKey = { privateKey: e.privateKey, kid: `${name}-enc` };
  }
  const jwks = { keys };
  const jwksFile = `${dir}/${name}.jwks.json`;
  fs.writeFileSync(jwksFile, JSON.stringify(jwks));
  return { sign: { key: sig.privateKey, alg, kid: `${name}-sig` }, jwksFile, jwks, enc: encKey };
}

// An identity for the flow helpers: { clientId, key, alg, kid, redirectUri, responseType, tls, dpop? }.
// `dpop` (a dpopKeyPair()) makes every PAR and token call carry a proof; `nonce` is remembered per identity.
// `auth: 'tls'` for a tls_client_auth client (client_id in the form, the certificate authenticates).
export function flowClient(clientId, sign, tls, { redirectUri = 'https://tpp-one.example/cb', responseType = 'code id_token', dpop, auth = 'jwt' } = {}) {
  return { clientId, ...sign, redirectUri, responseType, tls, dpop, auth, dpopNonce: undefined };
}

// The client-authentication form parameters of a flow client.
export async function clientAuth(client) {
  if (client.auth === 'tls') return { client_id: client.clientId };
  return assertionParams(await assertion(client));
}

// POST a form to an mTLS endpoint, adding a DPoP proof when the client has a key (or `dpop` is given);
// a `use_dpop_nonce` answer is retried once with the server's nonce (RFC 9449 §8).
export async function flowPost(server, client, path, params, { dpop = client.dpop, proof, headers = {}, tls = client.tls } = {}) {
  const url = `${MTLS_URL}${path}`;
  const send = async () => {
    const h = { ...headers };
    if (proof) h.dpop = proof;
    else if (dpop) h.dpop = await dpopProof(dpop, 'POST', url, { nonce: client.dpopNonce });
    return postForm(server, path, params, tls, h);
  };
  let res = await send();
  if (!proof && dpop && res.json?.error === 'use_dpop_nonce' && res.headers['dpop-nonce']) {
    client.dpopNonce = res.headers['dpop-nonce'];
    // The assertion was accepted once (its jti is spent): the retry needs a new one.
    if (params.client_assertion) params = { ...params, client_assertion: await assertion(client) };
    res = await send();
  }
  if (res.headers['dpop-nonce']) client.dpopNonce = res.headers['dpop-nonce'];
  return res;
}

// PAR with a signed request object of `client`: { par, verifier, params }. `overrides` replaces request
// parameters (undefined deletes one).
export async function pushAuthorization(server, client, overrides = {}, opts = {}) {
  const { verifier, challenge } = pkce();
  const params = { response_type: client.responseType, redirect_uri: client.redirectUri, scope: 'openid accounts',
    state: randomId(), nonce: randomId(), code_challenge: challenge, code_challenge_method: 'S256', ...overrides };
  for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
  const ro = await requestObject(client, params);
  const par = await flowPost(server, client, '/auth/par',
    { client_id: client.clientId, request: ro, ...(await clientAuth(client)) }, opts);
  return { par, verifier, params };
}

// PAR → /authorize → test interaction: { done (the 303), response (its parameters), verifier, params, requestUri }.
export async function authorizeFlow(server, client, overrides = {}, { interaction = {}, par: parOpts } = {}) {
  const { par, verifier, params } = await pushAuthorization(server, client, overrides, parOpts);
  if (par.status !== 201) throw new Error(`PAR failed: ${par.status} ${par.body}`);
  const requestUri = par.json.request_uri;
  const { res, interactionId } = await authorize(server, { client_id: client.clientId, request_uri: requestUri });
  if (res.status !== 303) throw new Error(`authorize failed: ${res.status} ${res.body}`);
  const done = await completeInteraction(server, interactionId, interaction);
  const response = done.status === 303 ? responseParams(done.headers.location) : undefined;
  return { done, response, verifier, params, requestUri };
}

// The token request for a code: resolves the response.
export async function redeemCode(server, client, code, verifier, { redirectUri = client.redirectUri, extra = {}, ...opts } = {}) {
  return flowPost(server, client, '/auth/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri,
    code_verifier: verifier, ...(await clientAuth(client)), ...extra }, opts);
}

// A whole flow up to the token response: { tok, response, verifier, params }.
export async function tokenFlow(server, client, overrides = {}, opts = {}) {
  const flow = await authorizeFlow(server, client, overrides, opts);
  const code = flow.response?.code ?? (flow.response?.response ? jose.decodeJwt(flow.response.response).code : undefined);
  if (!code) throw new Error(`no code in ${flow.done.headers.location}`);
  const tok = await redeemCode(server, client, code, flow.verifier);
  if (tok.status !== 200) throw new Error(`token failed: ${tok.status} ${tok.body}`);
  return { ...flow, code, tok };
}

export async function refreshGrant(server, client, refreshToken, opts = {}) {
  return flowPost(server, client, '/auth/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...(await clientAuth(client)) }, opts);
}

export async function introspect(server, client, token, opts = {}) {
  return flowPost(server, client, '/auth/token/introspection', { token, ...(await clientAuth(client)) }, { dpop: null, ...opts });
}

export async function revoke(server, client, token, extra = {}, opts = {}) {
  return flowPost(server, client, '/auth/token/revocation', { token, ...extra, ...(await clientAuth(client)) }, { dpop: null, ...opts });
}

// GET /auth/userinfo with `accessToken` as Bearer (mTLS) or with a DPoP proof (`dpop` key) as DPoP.
export async function userinfo(server, client, accessToken, { scheme, dpop = client.dpop, tls = client.tls, proofOpts = {} } = {}) {
  const headers = { authorization: `${scheme ?? (dpop ? 'DPoP' : 'Bearer')} ${accessToken}` };
  if (dpop) headers.dpop = await dpopProof(dpop, 'GET', USERINFO_URL, { accessToken, nonce: client.dpopNonce, ...proofOpts });
  return fetchMtls(server, tls, '/auth/userinfo', headers);
}

function fetchMtls(server, tls, path, headers) {
  return server.request({ listener: 'mtls', path, cert: tls.cert, key: tls.key, headers });
}

// The server's JWKS as a jose key set.
export async function serverKeys(server) {
  const res = await server.request({ path: '/auth/jwks' });
  return jose.createLocalJWKSet(res.json);
}

// ---- Raw JOSE and client certificates for the negative tests of client authentication, PAR and request
// objects (appended). `jose` refuses to make most malformed tokens, so these build them byte by byte.
import * as nodeCrypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { tempDir } from './harness.mjs';

// A compact JWS with exactly `header` and `payload` (an object, or a string used verbatim), signed with
// `key` (a KeyObject; for HS* any secret bytes) by `alg` as named (RS256, PS256, ES256, ES384, HS256,
// none); `signAs` overrides the algorithm actually used to sign (e.g. an ES384 header signed by ES256).
export function rawJws(header, payload, key, { signAs = header.alg } = {}) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  const data = Buffer.from(input);
  let sig;
  switch (String(signAs).toUpperCase()) {
    case 'NONE': sig = Buffer.alloc(0); break;
    case 'HS256': sig = nodeCrypto.createHmac('sha256', key).update(data).digest(); break;
    case 'RS256': sig = nodeCrypto.sign('sha256', data, key); break;
    case 'PS256':
      sig = nodeCrypto.sign('sha256', data, { key, padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      break;
    case 'ES256': sig = nodeCrypto.sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }); break;
    case 'ES384': sig = nodeCrypto.sign('sha384', data, { key, dsaEncoding: 'ieee-p1363' }); break;
    default: throw new Error(`rawJws: unknown alg ${signAs}`);
  }
  return `${input}.${b64url(sig)}`;
}

// A compact JWE of `plaintext` for an RSA public key (KeyObject), made by hand so that tests can vary
// what libraries refuse to make: `alg` RSA-OAEP (SHA-1) or RSA1_5, `tagBytes` (GCM tag truncation),
// `ivBytes`, and `zip: 'DEF'` (the plaintext is then raw-DEFLATE compressed, RFC 7516 §4.1.3).
export function rawJwe(plaintext, publicKey, { kid, alg = 'RSA-OAEP', enc = 'A256GCM', header = {}, tagBytes = 16, ivBytes = 12 } = {}) {
  const protectedHeader = { alg, enc, cty: 'JWT', ...(kid ? { kid } : {}), ...header };
  const cek = nodeCrypto.randomBytes(32);
  const padding = alg === 'RSA1_5' ? nodeCrypto.constants.RSA_PKCS1_PADDING : nodeCrypto.constants.RSA_PKCS1_OAEP_PADDING;
  const wrapped = nodeCrypto.publicEncrypt({ key: publicKey, padding, oaepHash: 'sha1' }, cek);
  const iv = nodeCrypto.randomBytes(ivBytes);
  const encodedHeader = b64url(JSON.stringify(protectedHeader));
  const cipher = nodeCrypto.createCipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(encodedHeader));
  const body = protectedHeader.zip === 'DEF' ? zlib.deflateRawSync(Buffer.from(plaintext)) : Buffer.from(plaintext);
  const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
  const tag = cipher.getAuthTag().subarray(0, tagBytes);
  return [encodedHeader, b64url(wrapped), b64url(iv), b64url(ciphertext), b64url(tag)].join('.');
}

// The server's request-object encryption key (kid enc-rsa-oaep-1) as published in its JWKS.
export async function serverEncryptionKey(server) {
  const res = await server.request({ path: '/auth/jwks' });
  const jwk = res.json.keys.find((k) => k.use === 'enc');
  return { kid: jwk.kid, key: nodeCrypto.createPublicKey({ key: jwk, format: 'jwk' }) };
}

// A client certificate with `subject` (openssl -subj form, most significant RDN first, e.g.
// '/C=BR/O=Example TPP Two/OU=dev/CN=tpp-two') issued by the CA of the PKI `p` (from pki()), or
// self-signed when `selfSigned` (a chain the server does not trust). Returns { cert, key } as PEM.
export function makeClientCert(p, subject, { selfSigned = false } = {}) {
  const dir = tempDir('fapid-cert-');
  const file = (n) => `${dir}/${n}`;
  fs.writeFileSync(file('client.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  const newKey = ['-newkey', 'rsa:2048', '-nodes', '-keyout', file('client.key'), '-subj', subject];
  if (selfSigned) {
    execFileSync('openssl', ['req', '-x509', ...newKey, '-days', '30', '-sha256', '-out', file('client.crt')], { stdio: 'pipe' });
  } else {
    execFileSync('openssl', ['req', '-new', ...newKey, '-out', file('client.csr')], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', file('client.csr'), '-CA', p.file('ca.crt'), '-CAkey', p.file('ca.key'),
      '-CAcreateserial', '-CAserial', file('ca.srl'), '-days', '30', '-sha256', '-extfile', file('client.ext'),
      '-out', file('client.crt')], { stdio: 'pipe' });
  }
  return { cert: fs.readFileSync(file('client.crt'), 'utf8'), key: fs.readFileSync(file('client.key'), 'utf8') };
}
