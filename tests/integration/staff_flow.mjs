// The Back Office Portal's side of a staff login (issue 6), shared by the federation test files: the real
// fapid with federation to the stand-in staff IdP (staff_idp.mjs), npm `openid-client` as the portal
// (client_secret_post, PKCE, state, nonce), and the staff member's browser steps done with plain requests.
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { PUBLIC_URL, baseConfig, pki, startServer } from './harness.mjs';
import { serverFetch } from './openid_client_support.mjs';
import { STAFF, startStaffIdp, testTls } from './staff_idp.mjs';

export { STAFF };
export const NONFAPI = `${PUBLIC_URL}/auth-nonfapi`;
export const CALLBACK = `${NONFAPI}/interaction/callback`;
export const PORTAL = 'https://portal.example';
export const PORTAL_HOME = `${PORTAL}/home`;
export const PORTAL_SECRET_FILE = 'secrets/portal-secret/client-secret';
export const IDP_CLIENT_SECRET = 'staff-idp-client-secret';

// The stand-in IdP, registered with our callback for login and logout (seeds/003).
export async function startIdp() {
  const tls = testTls();
  return startStaffIdp({ ...tls, clientSecret: IDP_CLIENT_SECRET, redirectUris: [CALLBACK], postLogoutRedirectUris: [CALLBACK] });
}

// fapid federated to `idp` the way deployments configure it: the five INTERNAL_USERS_FEDERATION_* /
// PORTAL_BACKOFFICE_URL variables, plus the IdP's trust anchor.
export async function startFederatedServer(idp, { overrides = {}, env = {} } = {}) {
  const p = await pki();
  return startServer({
    overrides: { ...overrides, federation: { caFile: p.file('ca.crt'), httpTimeout: '2s', ...overrides.federation } },
    env: {
      INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT: idp.discoveryUrl,
      INTERNAL_USERS_FEDERATION_CLIENT_ID: idp.clientId,
      INTERNAL_USERS_FEDERATION_SECRET: IDP_CLIENT_SECRET,
      INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS: 'backoffice-portal',
      PORTAL_BACKOFFICE_URL: PORTAL,
      ...env,
    },
  });
}

// The portal as openid-client sees our non-FAPI issuer (discovery through the TLS listener).
export async function portalClient(server, { clientId = 'backoffice-portal', secret } = {}) {
  const p = await pki();
  const clientSecret = secret ?? p.read(PORTAL_SECRET_FILE).trim();
  return oidc.discovery(new URL(NONFAPI), clientId, undefined, oidc.ClientSecretPost(clientSecret),
    { [oidc.customFetch]: serverFetch(server) });
}

const setCookies = (res) => [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);

// A GET on our TLS listener for an https://as.fapid.test URL, with the browser's cookies.
export function browserGet(server, url, cookies = []) {
  const u = new URL(url);
  assert.equal(u.origin, PUBLIC_URL, `not our server: ${url}`);
  return server.request({ path: u.pathname + u.search, headers: cookies.length ? { cookie: cookies.join('; ') } : {} });
}

// The portal starts a login: the authorization URL with PKCE, state and nonce, and what it must remember.
export async function startLogin(portal, scope = 'openid profile oob_outages:read oob_outages:write') {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(portal, {
    redirect_uri: PORTAL_HOME, scope, state, nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  return { url, verifier, state, nonce };
}

// The browser's part: our /authorize (303 to the IdP, login cookie set), the IdP's login form, back to our
// callback. Resolves { callback: the response of our callback, cookies, idpJar, atIdp }.
export async function browseLogin(server, idp, url, user, { cookies = [] } = {}) {
  const start = await browserGet(server, url, cookies);
  assert.equal(start.status, 303, start.body);
  const jar = [...cookies, ...setCookies(start)];
  const idpJar = new Map();
  const atIdp = await idp.login(start.headers.location, user, STAFF[user]?.password ?? 'wrong', idpJar);
  if (!atIdp.redirect) return { atIdp, cookies: jar, idpJar };
  const callback = await browserGet(server, atIdp.redirect, jar);
  return { callback, cookies: [...jar, ...setCookies(callback)], idpJar, atIdp };
}

// A whole login: the portal's tokens ({ tokens, claims, cookies, idpJar }).
export async function staffLogin(server, idp, portal, user, scope) {
  const login = await startLogin(portal, scope);
  const { callback, cookies, idpJar } = await browseLogin(server, idp, login.url, user);
  assert.equal(callback?.status, 303, callback?.body);
  const back = new URL(callback.headers.location);
  assert.equal(back.origin + back.pathname, PORTAL_HOME);
  const tokens = await oidc.authorizationCodeGrant(portal, back, {
    pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce,
  });
  return { tokens, claims: tokens.claims(), cookies, idpJar };
}

// The access token's JWT payload (we sign it; the tests read what it carries).
export const jwtPayload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

// A form POST to one of our non-FAPI endpoints as the portal (client_secret_post).
export async function portalPost(server, path, form, { headers = {} } = {}) {
  const p = await pki();
  const body = new URLSearchParams({ client_id: 'backoffice-portal', client_secret: p.read(PORTAL_SECRET_FILE).trim(), ...form });
  return server.request({ method: 'POST', path: `/auth-nonfapi${path}`, body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

export const introspect = (server, token) => portalPost(server, '/token/introspection', { token });

export { baseConfig };
