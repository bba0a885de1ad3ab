// The stand-in staff IdP (staff_idp.mjs) works as a real OpenID Provider: npm `openid-client` (6.x) is the
// relying party, the login form is driven by plain fetch. Needs no fapid binary: TLS material comes from
// the dev PKI when FAPID_TEST_PKI_DIR is set (CTest), else a throwaway CA made with openssl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { STAFF, startStaffIdp, testTls } from './staff_idp.mjs';

const REDIRECT_URI = 'https://as.fapid.test/auth-nonfapi/interaction/callback';
const POST_LOGOUT_URI = 'https://as.fapid.test/auth-nonfapi/logout/callback';
const SCOPE = 'openid profile email oob_outages:read oob_outages:write';

let idp;
let config;
// An error's name, code, message and those of its causes, on one line: what the `rejects` checks match.
const why = (e) => (e ? [e.name, e.code, e.error, e.status, e.message, why(e.cause)].filter(Boolean).join(' | ') : '');
const decode = (jwt) => jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));

// openid-client's discovery over the IdP's TLS: customFetch = a fetch that trusts the test CA.
const discover = () => oidc.discovery(new URL(idp.issuer), idp.clientId, {}, oidc.ClientSecretPost(idp.clientSecret),
  { [oidc.customFetch]: idp.fetch, execute: [oidc.enableNonRepudiationChecks] });

async function jwks() {
  return (await idp.fetch(`${idp.issuer}/protocol/openid-connect/certs`)).json();
}

// Authorization URL → login as `user` → the redirect back to the client. Returns what the token step needs.
async function authorize(user, { scope = SCOPE, password = STAFF[user].password, jar } = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI, scope, nonce, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const result = await idp.login(url.href, user, password, jar);
  return { ...result, verifier, nonce, state };
}

const exchange = (a) => oidc.authorizationCodeGrant(config, new URL(a.redirect),
  { pkceCodeVerifier: a.verifier, expectedNonce: a.nonce, expectedState: a.state, idTokenExpected: true });

async function codeFlow(user, opts) {
  const a = await authorize(user, opts);
  assert.ok(a.redirect?.startsWith(`${REDIRECT_URI}?`), `no redirect to the client: ${a.status} ${a.page ?? ''}`);
  return { ...a, tokens: await exchange(a) };
}

before(async () => {
  const { ca, cert, key } = testTls();
  idp = await startStaffIdp({ ca, cert, key, clientSecret: 's3cret-of-the-federation-client',
    redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [POST_LOGOUT_URI] });
  config = await discover();
});
after(() => idp?.stop());

describe('staff IdP stand-in', () => {
  test('serves HTTPS on 127.0.0.1 with a Keycloak-like issuer path, trusted only through the test CA', async () => {
    assert.match(idp.issuer, /^https:\/\/127\.0\.0\.1:\d+\/realms\/staff$/);
    assert.equal(config.serverMetadata().issuer, idp.issuer);
    assert.deepEqual(config.serverMetadata().token_endpoint_auth_methods_supported, ['client_secret_post']);
    assert.ok(config.serverMetadata().end_session_endpoint);
    await assert.rejects(fetch(idp.discoveryUrl), (e) => /unable to verify/.test(why(e)));
  });

  test('ana: code flow with PKCE; id_token verifies against the JWKS; the access token is a JWT with her scopes', async () => {
    const before = idp.tokensIssued();
    const { tokens, nonce } = await codeFlow('ana');
    const keys = jose.createLocalJWKSet(await jwks());

    const id = await jose.jwtVerify(tokens.id_token, keys, { issuer: idp.issuer, audience: idp.clientId });
    assert.equal(id.protectedHeader.alg, 'RS256');
    assert.equal(id.protectedHeader.kid, idp.kid());
    assert.equal(id.payload.nonce, nonce);
    assert.equal(id.payload.sub, STAFF.ana.sub);

    const at = await jose.jwtVerify(tokens.access_token, keys, { issuer: idp.issuer, typ: 'at+jwt' });
    const scopes = at.payload.scope.split(' ');
    for (const s of ['openid', 'profile', 'email', 'oob_outages:read', 'oob_outages:write']) assert.ok(scopes.includes(s), s);
    assert.ok(!scopes.includes('oob_consents:read'), 'not requested, not granted');
    assert.equal(at.payload.azp, idp.clientId);
    assert.equal(at.payload.client_id, idp.clientId);
    assert.equal(at.payload.sub, STAFF.ana.sub);
    assert.equal(at.payload.name, 'Ana Admin');
    assert.equal(at.payload.preferred_username, 'ana');
    assert.equal(at.payload.email, 'ana@bank.example');
    for (const c of ['exp', 'iat', 'jti']) assert.ok(at.payload[c], c);
    assert.equal(tokens.scope, at.payload.scope, 'the token response carries the same scope');
    assert.equal(idp.tokensIssued(), before + 1);
  });

  test('bruno asking for oob_outages:write gets only oob_outages:read', async () => {
    const { tokens } = await codeFlow('bruno');
    const [, at] = decode(tokens.access_token);
    assert.deepEqual(at.scope.split(' ').sort(), ['email', 'oob_outages:read', 'openid', 'profile']);
    assert.equal(tokens.scope, at.scope);
    assert.equal(at.preferred_username, 'bruno');
  });

  test('a wrong password shows an error on the login page and yields no code', async () => {
    const before = idp.tokensIssued();
    const a = await authorize('ana', { password: 'not-her-password' });
    assert.equal(a.redirect, undefined);
    assert.equal(a.status, 401);
    assert.match(a.page, /role="alert"[^>]*>Invalid username or password\./);
    assert.match(a.page, /<label for="login">Username<\/label>/);
    assert.match(a.page, /<label for="password">Password<\/label>/);
    assert.match(a.page, /<button type="submit">Sign in<\/button>/);
    assert.equal(idp.tokensIssued(), before);
  });

  test('PKCE is required', async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: SCOPE, nonce: 'n' });
    const r = await idp.login(url.href, 'ana', STAFF.ana.password);
    const back = new URL(r.redirect);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description'), /PKCE/);
  });

  test('RP-initiated logout lands on the post_logout_redirect_uri; the session is gone', async () => {
    const jar = new Map();
    const { tokens } = await codeFlow('ana', { jar });
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' });
    const out = await idp.logout(end.href, jar);
    assert.equal(out.redirect, `${POST_LOGOUT_URI}?state=bye`);
    const again = await authorize('ana', { jar, password: 'wrong' });  // a live session would skip the form
    assert.equal(again.status, 401);
  });

  test('rotateKeys: new kid in the JWKS, old one gone, same issuer; new id_tokens use the new kid', async () => {
    const oldKid = idp.kid();
    const issuer = idp.issuer;
    assert.deepEqual((await jwks()).keys.map((k) => k.kid), [oldKid]);
    const newKid = await idp.rotateKeys();
    assert.notEqual(newKid, oldKid);
    assert.deepEqual((await jwks()).keys.map((k) => k.kid), [newKid]);
    assert.equal(idp.issuer, issuer);
    config = await discover();  // same discovery URL still answers
    const { tokens } = await codeFlow('ana');
    assert.equal(decode(tokens.id_token)[0].kid, newKid);
    assert.equal(decode(tokens.access_token)[0].kid, newKid);
  });
});

describe('staff IdP faults', () => {
  after(() => idp.setFault(null));

  // The code step succeeds; the token step (or what openid-client checks of its answer) fails.
  async function tokenStepFails(fault, check) {
    await idp.setFault(null);
    const a = await authorize('ana');
    await idp.setFault(fault);
    await assert.rejects(exchange(a), check);
  }

  test('wrong-issuer: openid-client discovery rejects the document', async () => {
    await idp.setFault('wrong-issuer');
    await assert.rejects(discover(), (e) => /JSON_ATTRIBUTE_COMPARISON.*issuer/.test(why(e)));
  });

  test('token-error: 400 invalid_grant, nothing issued', async () => {
    const before = idp.tokensIssued();
    await tokenStepFails('token-error', (e) => /RESPONSE_BODY_ERROR \| invalid_grant \| 400/.test(why(e)));
    assert.equal(idp.tokensIssued(), before);
  });

  test('server-error: 500 with an HTML body, nothing issued', async () => {
    const before = idp.tokensIssued();
    await tokenStepFails('server-error', (e) => /RESPONSE_IS_NOT_CONFORM.*unexpected HTTP response status code \| 500/.test(why(e)));
    const res = await idp.fetch(config.serverMetadata().token_endpoint, { method: 'POST', body: 'grant_type=authorization_code' });
    assert.equal(res.status, 500);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(await res.text(), /<html>/);
    assert.equal(idp.tokensIssued(), before);
  });

  test('bad-signature: the id_token signature does not verify', async () => {
    await tokenStepFails('bad-signature', (e) => /JWT signature verification failed/.test(why(e)));
  });

  test('wrong-nonce / wrong-audience / foreign-key: each id_token is rejected', async () => {
    await tokenStepFails('wrong-nonce', (e) => /JWT_CLAIM_COMPARISON.*"nonce"/.test(why(e)));
    await tokenStepFails('wrong-audience', (e) => /JWT_CLAIM_COMPARISON.*"aud"/.test(why(e)));
    await tokenStepFails('foreign-key', (e) => /JWT signature verification failed/.test(why(e)));
  });

  test('extra-scope: a validly signed access token and scope carrying oob_admin:all', async () => {
    await idp.setFault(null);
    const a = await authorize('bruno');
    await idp.setFault('extra-scope');
    const tokens = await exchange(a);
    const at = await jose.jwtVerify(tokens.access_token, jose.createLocalJWKSet(await jwks()), { issuer: idp.issuer });
    assert.ok(at.payload.scope.split(' ').includes('oob_admin:all'));
    assert.ok(tokens.scope.split(' ').includes('oob_admin:all'));
  });

  test('huge-jwks: about 2 MB of JWKS that still holds the real key', async () => {
    await idp.setFault('huge-jwks');
    const body = await (await idp.fetch(`${idp.issuer}/protocol/openid-connect/certs`)).text();
    assert.ok(body.length > 1_800_000 && body.length < 2_500_000, `${body.length} bytes`);
    assert.ok(JSON.parse(body).keys.some((k) => k.kid === idp.kid()));
  });

  test('slow: responses are delayed', async () => {
    await idp.setFault('slow', { delayMs: 400 });
    const t0 = Date.now();
    assert.equal((await idp.fetch(idp.discoveryUrl)).status, 200);
    assert.ok(Date.now() - t0 >= 400, `${Date.now() - t0} ms`);
  });

  test('unreachable: connection refused until the fault is cleared, on the same port', async () => {
    await idp.setFault('unreachable');
    await assert.rejects(idp.fetch(idp.discoveryUrl), (e) => /ECONNREFUSED/.test(why(e)));
    await idp.setFault(null);
    assert.equal((await idp.fetch(idp.discoveryUrl)).status, 200);
    assert.equal(new URL(idp.issuer).port, String(idp.port));
  });
});
