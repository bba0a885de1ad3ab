// The Back Office Portal logs staff in through the institution's IdP (issue 6, items 1-4): a real OIDC
// provider (npm oidc-provider) as the IdP, npm openid-client as the portal, the real fapid between them.
// The back-office token's scopes are requested ∩ granted by the IdP ∩ the portal's allowedScopes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import {
  CALLBACK, NONFAPI, PORTAL, PORTAL_HOME, STAFF, browseLogin, browserGet, introspect, jwtPayload, portalClient,
  portalPost, startFederatedServer, startIdp, startLogin, staffLogin,
} from './staff_flow.mjs';

let idp, server, portal;

before(async () => {
  idp = await startIdp();
  server = await startFederatedServer(idp);
  portal = await portalClient(server);
});
after(async () => { await server?.stop(); await idp?.stop(); });

test('a staff member with read and write gets both outage scopes, with their identity in the ID token and userinfo', async () => {
  const { tokens, claims } = await staffLogin(server, idp, portal, 'ana');
  assert.equal(tokens.scope, 'openid profile oob_outages:read oob_outages:write');
  assert.equal(claims.iss, NONFAPI);
  assert.equal(claims.aud, 'backoffice-portal');
  assert.equal(claims.sub, STAFF.ana.sub);
  assert.equal(claims.name, STAFF.ana.name);
  assert.equal(claims.preferred_username, 'ana');
  assert.equal(claims.email, STAFF.ana.email);
  assert.ok(claims.sid, 'the session id, for logout');
  const at = jwtPayload(tokens.access_token);
  assert.equal(at.scope, 'openid profile oob_outages:read oob_outages:write');
  assert.equal(at.sub, STAFF.ana.sub);
  assert.equal(at.client_id, 'backoffice-portal');
  assert.equal(at.iss, NONFAPI);
  assert.ok(at.exp > Date.now() / 1000);
  const info = await oidc.fetchUserInfo(portal, tokens.access_token, STAFF.ana.sub);
  assert.deepEqual({ sub: info.sub, name: info.name, preferred_username: info.preferred_username, email: info.email },
    { sub: STAFF.ana.sub, name: STAFF.ana.name, preferred_username: 'ana', email: STAFF.ana.email });
  const introspection = await introspect(server, tokens.access_token);
  assert.equal(introspection.status, 200, introspection.body);
  assert.equal(introspection.json.active, true);
  assert.equal(introspection.json.scope, tokens.scope);
  assert.equal(introspection.json.sub, STAFF.ana.sub);
});

test('a read-only staff member cannot get oob_outages:write however the portal asks', async () => {
  const { tokens } = await staffLogin(server, idp, portal, 'bruno');
  assert.equal(tokens.scope, 'openid profile oob_outages:read');
  assert.equal(jwtPayload(tokens.access_token).scope, 'openid profile oob_outages:read');
});

test('scopes the IdP grants but the portal did not ask for, or may not have, never reach the token', async () => {
  await idp.setFault('extra-scope');  // the IdP's token and scope also carry oob_admin:all
  try {
    const { tokens } = await staffLogin(server, idp, portal, 'ana', 'openid oob_outages:read');
    assert.equal(tokens.scope, 'openid oob_outages:read');
  } finally { await idp.setFault(null); }
});

test('the portal may not ask for a scope outside its allowedScopes: invalid_scope, and the IdP is never involved', async () => {
  const login = await startLogin(portal, 'openid oob_admin:all');
  const res = await browserGet(server, login.url);
  assert.equal(res.status, 303);
  const back = new URL(res.headers.location);
  assert.equal(back.origin + back.pathname, PORTAL_HOME);
  assert.equal(back.searchParams.get('error'), 'invalid_scope');
  assert.equal(back.searchParams.get('state'), login.state);
  assert.equal(back.searchParams.get('iss'), NONFAPI);
});

test('an unregistered redirect_uri or unknown client gets an error page, never a redirect', async () => {
  for (const [name, value] of [['redirect_uri', 'https://evil.example/home'], ['client_id', 'nobody']]) {
    const login = await startLogin(portal);
    const url = new URL(login.url);
    url.searchParams.set(name, value);
    const res = await browserGet(server, url.href);
    assert.equal(res.status, 400, name);
    assert.equal(res.headers.location, undefined, name);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
  }
});

test('PKCE is required: without a code_challenge the portal gets invalid_request', async () => {
  const login = await startLogin(portal);
  const url = new URL(login.url);
  url.searchParams.delete('code_challenge');
  const res = await browserGet(server, url.href);
  assert.equal(new URL(res.headers.location).searchParams.get('error'), 'invalid_request');
});

test('the portal refreshes (rotation), a replayed refresh token revokes the family', async () => {
  const { tokens } = await staffLogin(server, idp, portal, 'ana');
  const first = await oidc.refreshTokenGrant(portal, tokens.refresh_token);
  assert.ok(first.access_token);
  assert.notEqual(first.refresh_token, tokens.refresh_token);
  assert.equal(first.scope, tokens.scope);
  const replay = await portalPost(server, '/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  assert.equal(replay.status, 400, replay.body);
  assert.equal(replay.json.error, 'invalid_grant');
  const after = await portalPost(server, '/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token });
  assert.equal(after.json.error, 'invalid_grant', 'the whole family is revoked');
  assert.equal((await introspect(server, first.access_token)).json.active, false);
});

test('a code is single use; a second redemption revokes what the first one issued', async () => {
  const login = await startLogin(portal);
  const { callback } = await browseLogin(server, idp, login.url, 'ana');
  const code = new URL(callback.headers.location).searchParams.get('code');
  const form = { grant_type: 'authorization_code', code, redirect_uri: PORTAL_HOME, code_verifier: login.verifier };
  const first = await portalPost(server, '/token', form);
  assert.equal(first.status, 200, first.body);
  const second = await portalPost(server, '/token', form);
  assert.equal(second.status, 400);
  assert.equal(second.json.error, 'invalid_grant');
  assert.equal((await introspect(server, first.json.access_token)).json.active, false);
});

test('a wrong code_verifier, redirect_uri or client secret changes nothing: the code still works after', async () => {
  const login = await startLogin(portal);
  const { callback } = await browseLogin(server, idp, login.url, 'bruno');
  const code = new URL(callback.headers.location).searchParams.get('code');
  const good = { grant_type: 'authorization_code', code, redirect_uri: PORTAL_HOME, code_verifier: login.verifier };
  const wrongVerifier = await portalPost(server, '/token', { ...good, code_verifier: oidc.randomPKCECodeVerifier() });
  assert.equal(wrongVerifier.json.error, 'invalid_grant');
  const wrongRedirect = await portalPost(server, '/token', { ...good, redirect_uri: `${PORTAL}/other` });
  assert.equal(wrongRedirect.json.error, 'invalid_grant');
  const wrongSecret = await portalPost(server, '/token', { ...good, client_secret: 'not-the-secret' });
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.json.error, 'invalid_client');
  const ok = await portalPost(server, '/token', good);
  assert.equal(ok.status, 200, ok.body);
});

test('CORS: the portal origin may read the token response; any other origin gets no CORS header', async () => {
  const preflight = await server.request({ method: 'OPTIONS', path: '/auth-nonfapi/token',
    headers: { origin: PORTAL, 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], PORTAL);
  assert.match(preflight.headers['access-control-allow-methods'], /POST/);
  const foreign = await server.request({ method: 'OPTIONS', path: '/auth-nonfapi/token',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  const refused = await portalPost(server, '/token', { grant_type: 'refresh_token', refresh_token: 'x' }, { headers: { origin: PORTAL } });
  assert.equal(refused.headers['access-control-allow-origin'], PORTAL, 'errors are readable by the portal too');
});

test('logout ends the session here and at the IdP, and returns to the registered address with state', async () => {
  const { tokens, idpJar, cookies } = await staffLogin(server, idp, portal, 'ana');
  const url = oidc.buildEndSessionUrl(portal, { id_token_hint: tokens.id_token, post_logout_redirect_uri: `${PORTAL}/`, state: 'bye-1' });
  const end = await browserGet(server, url.href, cookies);
  assert.equal(end.status, 303, end.body);
  const toIdp = new URL(end.headers.location);
  assert.equal(toIdp.origin, new URL(idp.issuer).origin, 'through the IdP end_session_endpoint');
  assert.equal(toIdp.searchParams.get('post_logout_redirect_uri'), CALLBACK);
  // Our session is over at once: the tokens are dead before the browser even reaches the IdP.
  assert.equal((await introspect(server, tokens.access_token)).json.active, false);
  const refreshed = await portalPost(server, '/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  assert.equal(refreshed.json.error, 'invalid_grant');
  const atIdp = await idp.logout(toIdp.href, idpJar);
  assert.ok(atIdp.redirect, JSON.stringify(atIdp));
  assert.equal(new URL(atIdp.redirect).origin + new URL(atIdp.redirect).pathname, CALLBACK);
  const back = await browserGet(server, atIdp.redirect);
  assert.equal(back.status, 303);
  assert.equal(back.headers.location, `${PORTAL}/?state=bye-1`);
});

test('logout never redirects to an unregistered address, nor on a hint this issuer did not sign (L2, L3)', async () => {
  const { tokens } = await staffLogin(server, idp, portal, 'bruno');
  const unregistered = oidc.buildEndSessionUrl(portal, { id_token_hint: tokens.id_token, post_logout_redirect_uri: `${PORTAL}/?x=1` });
  const res = await browserGet(server, unregistered.href);
  assert.equal(res.status, 400);
  assert.equal(res.headers.location, undefined);
  const [h, p] = tokens.id_token.split('.');
  const forgedHeader = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  for (const hint of [`${forgedHeader}.${p}.`, `${h}.${p}.${'A'.repeat(342)}`]) {
    const forged = oidc.buildEndSessionUrl(portal, { id_token_hint: hint, post_logout_redirect_uri: `${PORTAL}/` });
    const r = await browserGet(server, forged.href);
    assert.equal(r.status, 400);
    assert.equal(r.headers.location, undefined);
  }
  assert.equal((await introspect(server, tokens.access_token)).json.active, true, 'nothing was ended');
  // No hint and no client: signed out here, shown a page, sent nowhere.
  const bare = await browserGet(server, `${NONFAPI}/session/end`);
  assert.equal(bare.status, 200);
  assert.equal(bare.headers.location, undefined);
});
