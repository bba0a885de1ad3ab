// A stand-in for the institution's staff IdP (the external OpenID Provider that fapid federates Back
// Office Portal logins to): a real OpenID Connect provider (npm `oidc-provider` 9.x) in this process, over
// HTTPS on 127.0.0.1, with a Keycloak-like issuer path and token shape (seed 003: "Federation for
// Internal Institution Users").
//
//   STAFF                              two staff users (password, sub, profile claims, entitled oob_* scopes)
//   testTls({ pkiDir })                { ca, cert, key } PEMs: the dev PKI's server.crt (127.0.0.1/localhost)
//                                      when pkiDir (default FAPID_TEST_PKI_DIR) has one, else a throwaway
//                                      CA + leaf made with openssl
//   trustingFetch(ca)                  a fetch over node:https trusting `ca`; never follows redirects.
//                                      Pass it as openid-client's [customFetch] (Node's global fetch has
//                                      no per-call CA option without an undici Agent).
//   startStaffIdp({ cert, key, ca, clientId = 'internal_users_federation', clientSecret,
//                   redirectUris, postLogoutRedirectUris, port = 0, accessTokenTtl = 300 }) →
//     { issuer, discoveryUrl, port, ca, clientId, clientSecret, resource, fetch,
//       kid(), rotateKeys() → new kid, setFault(name | null, { delayMs }), fault(),
//       tokensIssued(), login(authorizationUrl, username, password, jar?), logout(endSessionUrl, jar?),
//       stop() }
//     Without cert/key, all three come from testTls(); with them, pass the `ca` that issued `cert` too
//     (idp.fetch and login/logout trust it). The discovery JWKS path is <issuer>/protocol/openid-connect/certs.
//     login/logout drive the IdP's pages with plain fetch (cookies in `jar`, a Map) and return
//     { redirect } (the first URL outside the IdP) or { status, page } when they stop on a page.
//     setFault, rotateKeys and stop are async: await them.
//
// The client: client_secret_post, authorization_code + code only, PKCE S256 required, no consent screen
// (loadExistingGrant grants the requested scopes the user is entitled to and rejects the others).
// ID tokens and access tokens are RS256 JWTs with a kid. Every authorization defaults to one resource
// (`resource`), so a plain code flow gets an RFC 9068 JWT access token (typ at+jwt) with scope,
// sub, client_id, azp, iss, aud, exp, iat, jti, name, preferred_username, email, email_verified.
// The userinfo endpoint is disabled: oidc-provider only serves userinfo for opaque, audience-less tokens.
//
// Faults (setFault) for negative tests, applied by a Koa middleware in front of the provider:
//   slow           every response delayed by delayMs (default 10000)
//   token-error    token endpoint → 400 {"error":"invalid_grant"} (nothing issued)
//   server-error   token endpoint → 500 with an HTML body (nothing issued)
//   wrong-issuer   discovery advertises another issuer
//   bad-signature  id_token with one signature byte changed
//   wrong-nonce    id_token re-signed with the real key and another nonce
//   wrong-audience id_token re-signed with aud = another client
//   foreign-key    id_token re-signed with a key that is not in the JWKS, same kid
//   huge-jwks      JWKS of ~2 MB (the real key plus filler keys)
//   extra-scope    access token and `scope` parameter also carry oob_admin:all (re-signed, valid)
//   unreachable    the listener is closed (connection refused) until the next setFault()
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { CompactSign } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { errorPage, loggedOutPage, loginPage, logoutPage } from './staff_idp_pages.mjs';

export const STAFF = {
  ana: {
    password: 'ana-staff-pass', sub: '3f0b6c2e-8d1a-4c55-9a57-1b2f3c4d5e6f', name: 'Ana Admin',
    preferred_username: 'ana', email: 'ana@bank.example',
    scopes: ['oob_outages:read', 'oob_outages:write', 'oob_consents:read', 'oob_consents:write'],
  },
  bruno: {
    password: 'bruno-staff-pass', sub: '7c9e4a1d-2b3f-4e6a-8c0d-5f1e2d3c4b5a', name: 'Bruno Leitor',
    preferred_username: 'bruno', email: 'bruno@bank.example', scopes: ['oob_outages:read'],
  },
};

const REALM_PATH = '/realms/staff';
const OIDC_SCOPES = ['openid', 'profile', 'email'];
// Every scope the resource server knows; a user gets only those in OIDC_SCOPES + their own `scopes`.
// oob_admin:all is known but nobody is entitled to it (the 'extra-scope' fault forges it).
const RS_SCOPES = [...OIDC_SCOPES, 'oob_outages:read', 'oob_outages:write', 'oob_consents:read',
  'oob_consents:write', 'oob_opendata:read', 'oob_opendata:write', 'oob_admin:all'];
const FAULTS = new Set(['slow', 'token-error', 'server-error', 'wrong-issuer', 'bad-signature', 'wrong-nonce',
  'wrong-audience', 'foreign-key', 'huge-jwks', 'extra-scope', 'unreachable']);
const bySub = (sub) => Object.values(STAFF).find((u) => u.sub === sub);

// ---- TLS material -----------------------------------------------------------------------------------

export function testTls({ pkiDir = process.env.FAPID_TEST_PKI_DIR } = {}) {
  const files = ['ca.crt', 'server.crt', 'server.key'].map((f) => pkiDir && path.join(pkiDir, f));
  if (files.every((f) => f && fs.existsSync(f))) {
    const [ca, cert, key] = files.map((f) => fs.readFileSync(f, 'utf8'));
    return { ca, cert, key };
  }
  // Throwaway: an EC P-256 CA and a leaf for 127.0.0.1/localhost (EC keys are fast to make).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-idp-tls-'));
  const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
      '-out', 'ca.crt', '-days', '2', '-subj', '/CN=staff-idp test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key',
      '-out', 'leaf.csr', '-subj', '/CN=localhost');
    fs.writeFileSync(path.join(dir, 'leaf.ext'),
      'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'leaf.crt', '-days', '2', '-extfile', 'leaf.ext');
    const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
    return { ca: read('ca.crt'), cert: read('leaf.crt'), key: read('leaf.key') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function trustingFetch(ca) {
  return (input, init = {}) => new Promise((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
    const body = init.body == null ? undefined : String(init.body);  // strings and URLSearchParams
    // agent: false: no pooled keep-alive sockets, so a closed or restarted listener is seen at once.
    const req = https.request(url, { method: init.method ?? 'GET', headers, ca, signal: init.signal, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const one of [v].flat()) out.append(k, String(one));
        const hasBody = ![204, 304].includes(res.statusCode);
        resolve(new Response(hasBody ? Buffer.concat(chunks) : null, { status: res.statusCode, headers: out }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---- the IdP ----------------------------------------------------------------------------------------

function newSigningKey() {
  const kid = `staff-rs256-${randomBytes(6).toString('hex')}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export async function startStaffIdp({
  cert, key, ca, clientId = 'internal_users_federation', clientSecret = 'staff-idp-client-secret',
  redirectUris = ['https://as.fapid.test/auth-nonfapi/interaction/callback'],
  postLogoutRedirectUris = ['https://as.fapid.test/'], port = 0, accessTokenTtl = 300,
} = {}) {
  if (!cert || !key) ({ cert, key, ca } = testTls());
  const sockets = new Set();
  const timers = new Set();
  let handler = (req, res) => res.writeHead(503).end();
  const server = https.createServer({ cert, key }, (req, res) => {
    // Mount the provider under the realm path, as Express would: oidc-provider derives its mount path
    // from req.originalUrl minus req.url.
    if (!req.url.startsWith(`${REALM_PATH}/`)) return res.writeHead(404).end();
    req.originalUrl = req.url;
    req.url = req.url.slice(REALM_PATH.length);
    return handler(req, res);
  });
  server.on('secureConnection', (s) => sockets.add(s.on('close', () => sockets.delete(s))));
  const listen = () => new Promise((resolve, reject) => {
    server.once('error', reject).listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      port = server.address().port;
      resolve();
    });
  });
  const close = () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
  await listen();

  const issuer = `https://127.0.0.1:${port}${REALM_PATH}`;
  const resource = 'urn:staff-idp:backoffice';
  let signing = newSigningKey();
  let fault = null;
  let faultOpts = {};
  let issued = 0;
  let hugeJwks;

  const sleep = (ms) => new Promise((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });
  const decode = (jwt) => jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));
  const resign = async (jwt, change, signWith = signing.privateKey) => {
    const [header, payload] = decode(jwt);
    return new CompactSign(Buffer.from(JSON.stringify({ ...payload, ...change })))
      .setProtectedHeader(header).sign(signWith);
  };

  // The Koa middleware in front of the provider: faults, the token counter and the login pages.
  async function front(ctx, next) {
    if (fault === 'slow') await sleep(faultOpts.delayMs ?? 10_000);
    const isToken = ctx.path === '/protocol/openid-connect/token';
    if (isToken && fault === 'token-error') {
      ctx.status = 400;
      ctx.body = { error: 'invalid_grant' };
      return;
    }
    if (isToken && fault === 'server-error') {
      ctx.status = 500;
      ctx.type = 'html';
      ctx.body = '<html><body><h1>500 Internal Server Error</h1></body></html>';
      return;
    }
    const m = /^\/login-actions\/([\w-]+)$/.exec(ctx.path);
    if (m) return interaction(ctx, m[1]);

    await next();

    if (ctx.path === '/.well-known/openid-configuration' && fault === 'wrong-issuer' && ctx.status === 200) {
      ctx.body = { ...ctx.body, issuer: `https://127.0.0.1:${port}/realms/other` };
    }
    if (ctx.path === '/protocol/openid-connect/certs' && fault === 'huge-jwks' && ctx.status === 200) {
      // ~2 MB: filler RSA-shaped public keys after the real one.
      hugeJwks ??= Array.from({ length: 4600 }, (_, i) => ({
        kty: 'RSA', kid: `filler-${i}`, use: 'sig', alg: 'RS256', e: 'AQAB', n: randomBytes(256).toString('base64url'),
      }));
      ctx.body = { keys: [...ctx.body.keys, ...hugeJwks] };
    }
    if (isToken && ctx.status === 200 && ctx.body?.access_token) {
      issued += 1;
      const body = { ...ctx.body };
      if (fault === 'bad-signature') {
        const parts = body.id_token.split('.');
        const i = 20;  // a character in the middle of the signature: all 6 of its bits are signature bits
        parts[2] = parts[2].slice(0, i) + (parts[2][i] === 'A' ? 'B' : 'A') + parts[2].slice(i + 1);
        body.id_token = parts.join('.');
      }
      if (fault === 'wrong-nonce') body.id_token = await resign(body.id_token, { nonce: 'not-the-nonce-you-sent' });
      if (fault === 'wrong-audience') body.id_token = await resign(body.id_token, { aud: 'some-other-client' });
      if (fault === 'foreign-key') {
        body.id_token = await resign(body.id_token, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
      }
      if (fault === 'extra-scope') {
        const scope = `${decode(body.access_token)[1].scope} oob_admin:all`;
        body.access_token = await resign(body.access_token, { scope });
        body.scope = scope;
      }
      ctx.body = body;
    }
  }

  // GET shows the login form; POST checks the password against STAFF.
  async function interaction(ctx, uid) {
    const provider = ctx.app;
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (e) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = errorPage(`Login session not found or expired (${e.message}).`);
      return;
    }
    const action = `${REALM_PATH}/login-actions/${uid}`;
    if (details.uid !== uid || details.prompt.name !== 'login') {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = errorPage(`Unexpected interaction (${details.prompt.name}).`);
      return;
    }
    const client = details.params.client_id;
    ctx.type = 'html';
    if (ctx.method === 'GET') {
      ctx.body = loginPage({ action, client });
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      return;
    }
    const chunks = [];
    for await (const c of ctx.req) chunks.push(c);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const login = form.get('login') ?? '';
    const user = Object.hasOwn(STAFF, login) ? STAFF[login] : undefined;
    if (!user || user.password !== form.get('password')) {
      ctx.status = 401;  // still a page a browser renders; no redirect, so no code
      ctx.body = loginPage({ action, client, login, error: 'Invalid username or password.' });
      return;
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res,
      { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
  }

  function buildProvider() {
    const provider = new Provider(issuer, {
      clients: [{
        client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris, id_token_signed_response_alg: 'RS256',
      }],
      jwks: { keys: [signing.jwk] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      pkce: { required: () => true },  // S256 is the only method oidc-provider 9 supports
      responseTypes: ['code'],  // advertise only what the institution's client uses
      clientAuthMethods: ['client_secret_post'],
      enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
      scopes: OIDC_SCOPES,
      claims: {
        openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'],
        acr: null, sid: null, auth_time: null, iss: null,
      },
      findAccount: (ctx, sub) => {
        const u = bySub(sub);
        return u && { accountId: sub, claims: () => profileClaims(u) };
      },
      loadExistingGrant,
      interactions: { url: (ctx, interaction) => `${REALM_PATH}/login-actions/${interaction.uid}` },
      routes: {  // Keycloak's paths: our server must take them from discovery, not assume oidc-provider's
        authorization: '/protocol/openid-connect/auth', token: '/protocol/openid-connect/token',
        jwks: '/protocol/openid-connect/certs', end_session: '/protocol/openid-connect/logout',
        userinfo: '/protocol/openid-connect/userinfo',
      },
      features: {
        devInteractions: { enabled: false },  // they accept any password
        pushedAuthorizationRequests: { enabled: false },
        dPoP: { enabled: false },
        userinfo: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => { ctx.body = logoutPage(form); },
          postLogoutSuccessSource: async (ctx) => { ctx.body = loggedOutPage(); },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resource,
          // Use the authorized resource at the token endpoint even though `openid` was requested (the
          // default would issue an opaque userinfo token instead).
          useGrantedResource: () => true,
          getResourceServerInfo: (ctx, indicator) => {
            if (indicator !== resource) throw new errors.InvalidTarget();
            return { scope: RS_SCOPES.join(' '), audience: resource, accessTokenTTL: accessTokenTtl,
              accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
          },
        },
      },
      formats: {
        customizers: {
          // The profile claims and azp in the access token, as the institution's Keycloak puts them.
          jwt: async (ctx, token, jwt) => {
            const u = bySub(token.accountId);
            Object.assign(jwt.payload, { azp: token.clientId, typ: 'Bearer' }, u && profileClaims(u));
          },
        },
      },
      ttl: { AccessToken: accessTokenTtl, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 3600,
        Grant: 3600 },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`);
      },
    });
    provider.use(front);
    return provider;
  }

  // No consent screen: the grant holds the requested scopes the user is entitled to; the others are
  // recorded as rejected so oidc-provider does not prompt for them.
  async function loadExistingGrant(ctx) {
    const { client, session, account, provider } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    const grant = (grantId && await provider.Grant.find(grantId))
      || new provider.Grant({ clientId: client.clientId, accountId: account.accountId });
    const entitled = new Set([...OIDC_SCOPES, ...(bySub(account.accountId)?.scopes ?? [])]);
    for (const scope of ctx.oidc.requestParamScopes) {
      const ok = entitled.has(scope);
      if (OIDC_SCOPES.includes(scope)) ok ? grant.addOIDCScope(scope) : grant.rejectOIDCScope(scope);
      if (RS_SCOPES.includes(scope)) ok ? grant.addResourceScope(resource, scope) : grant.rejectResourceScope(resource, scope);
    }
    await grant.save();
    return grant;
  }

  let provider = buildProvider();
  handler = provider.callback();

  // A browser without a browser: follows redirects inside the IdP and submits its forms, carrying
  // cookies in `jar` (a Map; paths are ignored). Stops at the first redirect out of the IdP.
  const fetch = trustingFetch(ca);
  async function browse(url, { method = 'GET', form, jar }) {
    for (let hops = 0; hops < 10; hops += 1) {
      const res = await fetch(url, {
        method, body: form && new URLSearchParams(form).toString(),
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      });
      for (const c of res.headers.getSetCookie()) {
        const [, name, value] = /^([^=]+)=([^;]*)/.exec(c);
        if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === '') jar.delete(name); else jar.set(name, value);
      }
      const location = res.headers.get('location');
      if (!location) return { status: res.status, page: await res.text() };
      url = new URL(location, url).href;
      if (!url.startsWith(`${issuer}/`)) return { status: res.status, redirect: url };
      method = 'GET';
      form = undefined;
    }
    throw new Error('staff IdP: too many redirects');
  }
  const formAction = (page, base) => new URL(/<form[^>]*action="([^"]+)"/.exec(page)[1].replace(/&#38;/g, '&'), base).href;

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    get port() { return port; },
    ca,
    clientId,
    clientSecret,
    resource,
    fetch,
    kid: () => signing.kid,
    async rotateKeys() {
      // A new provider with only the new key, behind the same listener (same port and issuer). Sessions,
      // codes and grants of the old one are lost.
      signing = newSigningKey();
      provider = buildProvider();
      handler = provider.callback();
      return signing.kid;
    },
    async setFault(name, opts = {}) {
      if (name !== null && !FAULTS.has(name)) throw new Error(`staff IdP: unknown fault ${name}`);
      fault = name;
      faultOpts = opts;
      if (name === 'unreachable') await close();
      else if (!server.listening) await listen();
    },
    fault: () => fault,
    tokensIssued: () => issued,
    // Authorization URL → login form → credentials. Returns { redirect } (the URL the IdP sent the browser
    // to: the client's redirect_uri with code or error) or { status, page } when it stopped on a page.
    async login(authorizationUrl, username, password, jar = new Map()) {
      const first = await browse(authorizationUrl, { jar });
      if (!first.page?.includes('<form')) return first;
      return browse(formAction(first.page, issuer), { method: 'POST', form: { login: username, password }, jar });
    },
    // end_session URL → the auto-submitting logout form, submitted here by hand → { redirect } or a page.
    async logout(endSessionUrl, jar = new Map()) {
      const first = await browse(endSessionUrl, { jar });
      if (!first.page?.includes('op.logoutForm')) return first;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(first.page)[1];
      return browse(formAction(first.page, issuer), { method: 'POST', form: { xsrf, logout: 'yes' }, jar });
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}

function profileClaims(u) {
  return { sub: u.sub, name: u.name, preferred_username: u.preferred_username, email: u.email, email_verified: true };
}
