// The benchmark's peer server (issue 7): node-oidc-provider 9 configured as closely as it allows to
// fapid's FAPI 2.0 tree, so that both servers answer the same load generator with the same work.
//
//   node bench/peer/server.mjs --port 9443 --pki DIR [--host 127.0.0.1]
//
// DIR is a PKI made by certs/make-dev-pki.sh. Issuer https://localhost:PORT; once listening it prints
// the single stdout line `peer ready https://localhost:PORT`. Nothing is logged per request; server
// errors (5xx) are logged to stderr, one line each. SIGTERM/SIGINT close the listener and exit 0.
//
// Static clients (all tls_client_certificate_bound_access_tokens, all FAPI 2.0):
//   bench-pkjwt   private_key_jwt (PS256, tpp-one-sig key), client_credentials, JWT AT
//   bench-mtls    tls_client_auth (tpp-two.crt), client_credentials, JWT AT
//   bench-opaque  tls_client_auth (tpp-one.crt), client_credentials, opaque AT, introspects its own
//   bench-flow    tls_client_auth (tpp-two.crt), authorization_code with PAR + PKCE, JWT AT
// A GET of the interaction URL logs in `bench-user` and grants the requested scope at once (no UI).

import { createPrivateKey, X509Certificate, constants as cryptoConstants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MapAdapter } from './map_adapter.mjs';

// oidc-provider reports "you SHOULD change this default" notices with console.info (stdout). Every
// default concerned is configured below; should one remain, it goes to stderr so that stdout carries
// only the ready line.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { default: Provider, errors } = await import('oidc-provider');

// ---- arguments ------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    pki: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
  strict: true,
});
const port = Number.parseInt(args.port ?? '', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !args.pki) {
  console.error('usage: node server.mjs --port PORT --pki DIR [--host 127.0.0.1]');
  process.exit(2);
}
const pki = (...p) => join(args.pki, ...p);
const issuer = `https://localhost:${port}`;

// ---- keys and clients -----------------------------------------------------------------------------

const RESOURCE = 'https://rs.bench.example';
const RS_SCOPE = 'openid consents accounts';
const ACCESS_TOKEN_TTL = 300;

// The server's only signing key: everything it signs (ID tokens, JWT access tokens, JARM, JWT
// introspection responses) is PS256.
const signingJwk = {
  ...createPrivateKey(readFileSync(pki('keys', 'signing-ps256.key'))).export({ format: 'jwk' }),
  kid: 'bench-ps256',
  alg: 'PS256',
  use: 'sig',
};

// RFC 4514 string of a certificate subject: the RDNs most-significant last (the form of fapid's
// tlsClientAuthSubjectDn, and of `openssl x509 -subject -nameopt RFC2253`).
const subjectOf = (file) => toRfc4514(new X509Certificate(readFileSync(file)).subject);
const tppOneDn = subjectOf(pki('clients', 'tpp-one.crt')); // CN=tpp-one,OU=dev,O=Example TPP One,C=BR
const tppTwoDn = subjectOf(pki('clients', 'tpp-two.crt')); // CN=tpp-two,OU=dev,O=Example TPP Two,C=BR
const tppOneJwks = JSON.parse(readFileSync(pki('clients', 'tpp-one.jwks.json'), 'utf8'));

const common = {
  tls_client_certificate_bound_access_tokens: true,
  scope: 'consents accounts',
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
};
const clients = [
  {
    ...common,
    client_id: 'bench-pkjwt',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'PS256',
    jwks: tppOneJwks,
  },
  { ...common, client_id: 'bench-mtls', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: tppTwoDn },
  { ...common, client_id: 'bench-opaque', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: tppOneDn },
  {
    ...common,
    client_id: 'bench-flow',
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: tppTwoDn,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: ['https://tpp.example/cb'],
    scope: 'openid accounts',
    require_pushed_authorization_requests: true,
  },
];
const OPAQUE_CLIENTS = new Set(['bench-opaque']);

// ---- distinguished names (tls_client_auth_subject_dn) ---------------------------------------------
//
// oidc-provider 9 leaves the comparison to features.mTLS.certificateSubjectMatches. This one does
// what fapid does (src/oauth/distinguished_name.cpp): the registered value is an RFC 4514 string;
// attribute types by short name or dotted OID, values compared case-insensitively with white space
// trimmed and inner runs collapsed, RDNs in order (another order does not match), the AVAs of a
// multi-valued RDN in any order, #hex values of string types decoded.

const SHORT_NAMES = {
  cn: '2.5.4.3', c: '2.5.4.6', l: '2.5.4.7', st: '2.5.4.8', street: '2.5.4.9', o: '2.5.4.10',
  ou: '2.5.4.11', title: '2.5.4.12', serialnumber: '2.5.4.5', sn: '2.5.4.4', gn: '2.5.4.42',
  givenname: '2.5.4.42', dc: '0.9.2342.19200300.100.1.25', uid: '0.9.2342.19200300.100.1.1',
  emailaddress: '1.2.840.113549.1.9.1', businesscategory: '2.5.4.15', postalcode: '2.5.4.17',
  jurisdictionc: '1.3.6.1.4.1.311.60.2.1.3', jurisdictionst: '1.3.6.1.4.1.311.60.2.1.2',
  jurisdictionl: '1.3.6.1.4.1.311.60.2.1.1', organizationidentifier: '2.5.4.97',
};

// Splits on an unescaped separator (a backslash escapes the next character).
function splitUnescaped(text, sep) {
  const parts = [];
  let cur = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i += 1;
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

function decodeHexValue(hex) {
  const der = Buffer.from(hex, 'hex');
  if (der.length < 2 || hex.length % 2 || !/^[0-9a-f]*$/i.test(hex)) return null;
  let len = der[1];
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i += 1) len = len * 256 + der[2 + i];
    off = 2 + n;
  }
  if (off + len !== der.length) return null;
  const body = der.subarray(off);
  switch (der[0]) {
    case 0x0c: case 0x13: case 0x16: case 0x14: case 0x12: case 0x1a: return body.toString('utf8');
    case 0x1e: return body.swap16().toString('utf16le');
    default: return null;
  }
}

function unescapeValue(raw) {
  const v = raw.trim();
  if (v.startsWith('#')) return decodeHexValue(v.slice(1));
  const bytes = [];
  for (let i = 0; i < v.length; i += 1) {
    if (v[i] === '\\' && /^[0-9a-f]{2}$/i.test(v.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (v[i] === '\\' && i + 1 < v.length) {
      bytes.push(...Buffer.from(v[i + 1]));
      i += 1;
    } else {
      bytes.push(...Buffer.from(v[i]));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// [[ 'oid=canonical value', ... sorted ], ...] in the order given, or null if not a DN.
function parseRdns(rdnTexts) {
  const out = [];
  for (const rdnText of rdnTexts) {
    const avas = [];
    for (const avaText of splitUnescaped(rdnText, '+')) {
      const eq = avaText.indexOf('=');
      if (eq <= 0) return null;
      const type = avaText.slice(0, eq).trim().toLowerCase();
      const oid = /^\d+(\.\d+)+$/.test(type) ? type : SHORT_NAMES[type.replace(/^oid\./, '')];
      const value = unescapeValue(avaText.slice(eq + 1));
      if (!oid || value === null) return null;
      avas.push(`${oid}=${value.trim().replace(/\s+/g, ' ').toLowerCase()}`);
    }
    out.push(avas.sort());
  }
  return out.length ? out : null;
}

const parseRfc4514 = (text) => parseRdns(splitUnescaped(text, ','));
// node's X509Certificate#subject: one RDN a line, most-significant first, ' + ' between the AVAs of
// a multi-valued RDN, values escaped as in RFC 2253. Returned most-significant last, like RFC 4514.
const parseNodeSubject = (subject) => parseRdns(subject.split('\n')).reverse();
const sameDn = (a, b) => !!a && !!b && JSON.stringify(a) === JSON.stringify(b);

function toRfc4514(nodeSubject) {
  return nodeSubject.split('\n').reverse().map((rdn) => rdn.replace(/ \+ /g, '+')).join(',');
}

const registeredDns = new Map(); // tls_client_auth_subject_dn string -> parsed
for (const c of clients) {
  if (c.tls_client_auth_subject_dn) {
    const parsed = parseRfc4514(c.tls_client_auth_subject_dn);
    if (!parsed) throw new Error(`${c.client_id}: tls_client_auth_subject_dn is not an RFC 4514 DN`);
    registeredDns.set(c.tls_client_auth_subject_dn, parsed);
  }
}

// ---- the peer certificate of a connection ---------------------------------------------------------
//
// Certificates that do not chain to ca.crt are accepted by the TLS layer (rejectUnauthorized: false,
// so that a bad certificate gets an OAuth invalid_client rather than a handshake failure, like fapid)
// but are never handed to oidc-provider. The certificate cannot change on a connection (no
// renegotiation), so it is parsed once per connection.

const peerCache = new WeakMap(); // TLSSocket -> { cert, subject } | null

function peerOf(ctx) {
  const socket = ctx.req.socket;
  let peer = peerCache.get(socket);
  if (peer === undefined) {
    peer = null;
    if (socket.authorized) {
      const cert = socket.getPeerX509Certificate?.();
      if (cert) peer = { cert, subject: parseNodeSubject(cert.subject) };
    }
    peerCache.set(socket, peer);
  }
  return peer;
}

// ---- the provider ---------------------------------------------------------------------------------

const BENCH_USER = 'bench-user';
const clientAuthAlgs = ['PS256'];

const configuration = {
  adapter: MapAdapter,  // the default adapter's 1,000-entry cap evicts in-flight flows at concurrency 64
  clients,
  clientAuthMethods: ['private_key_jwt', 'tls_client_auth'],
  clientDefaults: {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'tls_client_auth',
    id_token_signed_response_alg: 'PS256',
    authorization_signed_response_alg: 'PS256',
    introspection_signed_response_alg: 'PS256',
  },
  jwks: { keys: [signingJwk] },
  enabledJWA: {
    clientAuthSigningAlgValues: clientAuthAlgs,
    idTokenSigningAlgValues: ['PS256'],
    requestObjectSigningAlgValues: ['PS256'],
    userinfoSigningAlgValues: ['PS256'],
    introspectionSigningAlgValues: ['PS256'],
    authorizationSigningAlgValues: ['PS256'],
  },
  responseTypes: ['code'],
  scopes: ['openid', 'consents', 'accounts'],
  claims: { openid: ['sub'] },
  subjectTypes: ['public'],
  // Cookies: oidc-provider's defaults (unsigned, httpOnly, SameSite=Lax; fapid's browser cookie is a
  // random unsigned token too).
  features: {
    devInteractions: { enabled: false },
    dPoP: { enabled: false }, // fapid advertises DPoP only when a client uses it; no bench client does
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // A client introspects its own tokens (bench-opaque); fapid answers inactive for another's.
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
    jwtIntrospection: { enabled: true },
    revocation: {
      enabled: true,
      allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
    },
    jwtResponseModes: { enabled: true },
    claimsParameter: { enabled: true },
    requestObjects: { enabled: true, requireSignedRequestObject: false },
    pushedAuthorizationRequests: {
      enabled: true,
      requirePushedAuthorizationRequests: true,
      allowUnregisteredRedirectUris: false,
    },
    rpInitiatedLogout: { enabled: false },
    userinfo: { enabled: true },
    // FAPI 2.0 for every client, as fapid's bench clients: PKCE (S256) required, redirect_uri
    // required, client assertion aud = the issuer identifier only (a string). It changes nothing else
    // for client_credentials.
    fapi: { enabled: true, profile: '2.0' },
    mTLS: {
      enabled: true,
      certificateBoundAccessTokens: true,
      tlsClientAuth: true,
      selfSignedTlsClientAuth: false,
      getCertificate: (ctx) => peerOf(ctx)?.cert,
      certificateAuthorized: (ctx) => peerOf(ctx) !== null,
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && sameDn(peerOf(ctx)?.subject, registeredDns.get(expected) ?? parseRfc4514(expected)),
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      // At the token endpoint, without `resource`, keep the one granted at /auth (else an `openid`
      // request would get a userinfo-only token).
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resourceIndicator, client) => {
        if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
        return OPAQUE_CLIENTS.has(client.clientId)
          ? { scope: RS_SCOPE, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'opaque' }
          : {
            scope: RS_SCOPE,
            audience: RESOURCE,
            accessTokenTTL: ACCESS_TOKEN_TTL,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'PS256' } },
          };
      },
    },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: ACCESS_TOKEN_TTL,
    ClientCredentials: ACCESS_TOKEN_TTL,
    AuthorizationCode: 60, // fapid codeLifetime
    IdToken: ACCESS_TOKEN_TTL,
    Interaction: 600, // fapid interactionLifetime
    Session: 600,
    Grant: 600,
    RefreshToken: 365 * 24 * 3600,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 600,
  },
  issueRefreshToken: async () => false, // no bench client has the refresh_token grant
  clientBasedCORS: () => false,
  findAccount: async (ctx, sub) => (sub === BENCH_USER
    ? { accountId: sub, claims: async () => ({ sub }) }
    : undefined),
  renderError: async (ctx, out) => {
    ctx.type = 'json';
    ctx.body = out;
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

provider.on('server_error', (ctx, err) => {
  console.error(`peer: server_error ${ctx.method} ${ctx.path}: ${err?.stack ?? err}`);
});

// The interaction (GET /interaction/:uid): log in bench-user and grant what was asked, then 303 to
// the resume URL (/auth/:uid), which ends in the 303 to the redirect_uri with the code.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'GET' || !ctx.path.startsWith('/interaction/')) return next();
  try {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { params } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: BENCH_USER, clientId: params.client_id });
    // Every configured scope is an OP scope to oidc-provider (consent asks for `accounts` as a
    // missing OIDC scope), and the access token's scope comes from the resource's granted scope.
    const requested = String(params.scope ?? '');
    grant.addOIDCScope(requested);
    const resource = params.resource ?? RESOURCE;
    for (const r of Array.isArray(resource) ? resource : [resource]) grant.addResourceScope(r, requested);
    const grantId = await grant.save();
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, {
      login: { accountId: BENCH_USER },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
  } catch (err) {
    ctx.respond = true;
    ctx.status = 400;
    ctx.type = 'json';
    ctx.body = { error: 'invalid_request', error_description: err?.message ?? 'interaction failed' };
  }
  return undefined;
});

// ---- HTTPS ----------------------------------------------------------------------------------------

// TLS as fapid's (src/http/tls_context.cpp): TLS 1.2+, its TLS 1.2 cipher list, server preference,
// no renegotiation, no compression, no session tickets.
const server = https.createServer({
  key: readFileSync(pki('server.key')),
  cert: readFileSync(pki('server.crt')),
  ca: readFileSync(pki('ca.crt')),
  requestCert: true,
  rejectUnauthorized: false,
  minVersion: 'TLSv1.2',
  ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384',
  honorCipherOrder: true,
  secureOptions: cryptoConstants.SSL_OP_NO_TICKET | cryptoConstants.SSL_OP_NO_RENEGOTIATION
    | cryptoConstants.SSL_OP_NO_COMPRESSION,
  keepAlive: true,
}, provider.callback());
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.requestTimeout = 120_000;
server.maxRequestsPerSocket = 0; // no per-connection request cap

server.on('tlsClientError', () => {}); // failed handshakes are the client's business, not logged

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
  setTimeout(() => {
    server.closeAllConnections?.();
    process.exit(0);
  }, 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.on('error', (err) => {
  console.error(`peer: ${err.message}`);
  process.exit(1);
});
server.listen(port, args.host, () => {
  process.stdout.write(`peer ready ${issuer}\n`);
});
