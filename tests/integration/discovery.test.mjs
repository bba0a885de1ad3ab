// Discovery metadata of both trees (SPEC §1 D1–D15), fetched from the real server over TLS and mTLS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MTLS_URL, PUBLIC_URL, getJson, pki, startServer } from './harness.mjs';

const OIDC_SUFFIX = '/.well-known/openid-configuration';
const RFC8414_SUFFIX = '/.well-known/oauth-authorization-server';
const ALLOWED_SIGNING_ALGS = ['PS256', 'ES256']; // the algorithms of the active keys in baseConfig (K3)
const FAPI_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']; // D4

const isHttpsUrl = (v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
};

const subsetOf = (allowed) => (v) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => allowed.includes(x));

// The document of each tree, field by field: `required` fields must be present; `check` runs on any
// field present. Adjust here when the server learns new endpoints.
const trees = {
  fapi: {
    path: '/auth',
    fields: [
      { name: 'issuer', required: true, cite: 'D3', check: (v) => v === `${PUBLIC_URL}/auth` },
      { name: 'jwks_uri', required: true, cite: 'D14', check: (v) => v === `${PUBLIC_URL}/auth/jwks` },
      { name: 'id_token_signing_alg_values_supported', cite: 'D5', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'request_object_signing_alg_values_supported', cite: 'D5', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'token_endpoint_auth_signing_alg_values_supported', cite: 'D5', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'userinfo_signing_alg_values_supported', cite: 'D5', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'authorization_signing_alg_values_supported', cite: 'D5/D12', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'token_endpoint_auth_methods_supported', cite: 'D4', check: subsetOf(FAPI_AUTH_METHODS) },
      { name: 'code_challenge_methods_supported', cite: 'D9', check: (v) => Array.isArray(v) && v.includes('S256') && !v.includes('plain') },
      { name: 'scopes_supported', cite: 'D15', check: (v) => Array.isArray(v) && v.includes('openid') },
      { name: 'tls_client_certificate_bound_access_tokens', cite: 'D6', check: (v) => v === true },
      { name: 'require_pushed_authorization_requests', cite: 'D8', check: (v) => typeof v === 'boolean' },
      { name: 'authorization_response_iss_parameter_supported', cite: 'D10', check: (v) => v === true },
      {
        name: 'mtls_endpoint_aliases',
        required: true,
        cite: 'D7',
        check: (v) =>
          v && typeof v === 'object' && !Array.isArray(v) &&
          ['token_endpoint', 'pushed_authorization_request_endpoint', 'userinfo_endpoint'].every((k) => k in v) &&
          Object.values(v).every((u) => isHttpsUrl(u) && u.startsWith(`${MTLS_URL}/auth/`)),
      },
      { name: 'authorization_endpoint', required: true, cite: 'D14', check: (v) => v === `${PUBLIC_URL}/auth/authorize` },
      { name: 'pushed_authorization_request_endpoint', required: true, cite: 'D8', check: (v) => v === `${MTLS_URL}/auth/par` },
      { name: 'token_endpoint', required: true, cite: 'D7', check: (v) => v === `${MTLS_URL}/auth/token` },
      { name: 'userinfo_endpoint', required: true, cite: 'D16', check: (v) => v === `${MTLS_URL}/auth/userinfo` },
      { name: 'introspection_endpoint', required: true, cite: 'D20', check: (v) => v === `${MTLS_URL}/auth/token/introspection` },
      { name: 'revocation_endpoint', required: true, cite: 'D20', check: (v) => v === `${MTLS_URL}/auth/token/revocation` },
      { name: 'registration_endpoint', forbidden: true },
      { name: 'end_session_endpoint', forbidden: true },
      { name: 'response_types_supported', required: true, cite: 'D11', check: subsetOf(['code', 'code id_token']) },
      { name: 'response_modes_supported', required: true, cite: 'D12', check: (v) => Array.isArray(v) && v.includes('jwt') },
      { name: 'claims_parameter_supported', required: true, cite: 'D16', check: (v) => v === true },
      { name: 'claims_supported', required: true, cite: 'D16', check: (v) => ['acr', 'cpf', 'cnpj'].every((c) => v.includes(c)) },
      { name: 'acr_values_supported', required: true, cite: 'D16', check: (v) => v.includes('urn:brasil:openbanking:loa2') },
      { name: 'grant_types_supported', required: true, cite: 'D16',
        check: (v) => ['authorization_code', 'client_credentials', 'refresh_token'].every((g) => v.includes(g)) && !v.includes('password') && !v.includes('implicit') },
      { name: 'subject_types_supported', required: true, cite: 'D15', check: (v) => v.includes('public') },
      { name: 'request_object_encryption_alg_values_supported', cite: 'D19/K4', check: (v) => v.length === 1 && v[0] === 'RSA-OAEP' },
      { name: 'request_object_encryption_enc_values_supported', cite: 'D19/K4', check: (v) => v.length === 1 && v[0] === 'A256GCM' },
      { name: 'id_token_encryption_alg_values_supported', cite: 'I7/K4', check: (v) => !v.includes('RSA1_5') },
      { name: 'dpop_signing_alg_values_supported', cite: 'D6', check: subsetOf(ALLOWED_SIGNING_ALGS) },
    ],
  },
  nonfapi: {
    path: '/auth-nonfapi',
    fields: [
      { name: 'issuer', required: true, cite: 'D3', check: (v) => v === `${PUBLIC_URL}/auth-nonfapi` },
      { name: 'jwks_uri', required: true, cite: 'D14', check: (v) => v === `${PUBLIC_URL}/auth-nonfapi/jwks` },
      { name: 'id_token_signing_alg_values_supported', cite: 'D5', check: subsetOf(ALLOWED_SIGNING_ALGS) },
      { name: 'code_challenge_methods_supported', cite: 'D9', check: (v) => Array.isArray(v) && v.includes('S256') && !v.includes('plain') },
      { name: 'scopes_supported', cite: 'D15', check: (v) => Array.isArray(v) && v.includes('openid') },
      { name: 'mtls_endpoint_aliases', forbidden: true },
    ],
  },
};

let server;
let tppOne;

before(async () => {
  const p = await pki();
  tppOne = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  server = await startServer();
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

for (const [treeName, tree] of Object.entries(trees)) {
  describe(`${treeName} tree ${tree.path}`, () => {
    let doc;
    before(async () => {
      doc = (await getJson(server, tree.path + OIDC_SUFFIX)).json;
    });

    test(`D1 ${tree.path}${OIDC_SUFFIX} answers 200 with a JSON content type`, async () => {
      const res = await getJson(server, tree.path + OIDC_SUFFIX);
      assert.match(res.headers['content-type'], /^application\/json\b/);
      assert.ok(res.headers['x-request-id'], 'X-Request-Id present');
    });

    for (const f of tree.fields) {
      if (f.forbidden) {
        test(`does not publish ${f.name}`, () => {
          assert.equal(f.name in doc, false, `${f.name} must be absent: ${JSON.stringify(doc[f.name])}`);
        });
        continue;
      }
      test(`${f.cite} ${f.name}${f.required ? ' is present and' : ', when present,'} is valid`, () => {
        if (!(f.name in doc)) {
          assert.ok(!f.required, `${f.name} is required`);
          return;
        }
        assert.ok(f.check(doc[f.name]), `${f.name} = ${JSON.stringify(doc[f.name])}`);
      });
    }

    test('D3 the issuer equals the fetched URL minus the well-known suffix', () => {
      const fetched = PUBLIC_URL + tree.path + OIDC_SUFFIX;
      assert.equal(doc.issuer, fetched.slice(0, -OIDC_SUFFIX.length));
      assert.ok(isHttpsUrl(doc.issuer));
    });

    test('D14 every *_endpoint and *_uri value is an https URL of this deployment', () => {
      for (const [k, v] of Object.entries(doc)) {
        if (!/(_endpoint|_uri)$/.test(k)) continue;
        assert.ok(isHttpsUrl(v), `${k} = ${v}`);
        assert.ok(v.startsWith(`${PUBLIC_URL}${tree.path}/`) || v.startsWith(`${MTLS_URL}${tree.path}/`), `${k} = ${v}`);
      }
    });

    test('K3 no metadata list offers "none", RS256 or HS256', () => {
      for (const [k, v] of Object.entries(doc)) {
        if (!k.endsWith('_alg_values_supported') || !Array.isArray(v)) continue;
        for (const bad of ['none', 'RS256', 'HS256']) assert.ok(!v.includes(bad), `${k} lists ${bad}`);
      }
    });

    test('D2 the RFC 8414 metadata is served at both well-known placements with the same content', async () => {
      const inserted = await getJson(server, RFC8414_SUFFIX + tree.path); // RFC 8414 §3.1
      const appended = await getJson(server, tree.path + RFC8414_SUFFIX);
      assert.match(inserted.headers['content-type'], /^application\/json\b/);
      assert.deepEqual(inserted.json, doc);
      assert.deepEqual(appended.json, doc);
    });

    test('the same document is served on the mTLS listener', async () => {
      const res = await getJson(server, tree.path + OIDC_SUFFIX, { listener: 'mtls', ...tppOne });
      assert.deepEqual(res.json, doc);
    });

    test('HEAD is answered like GET without a body', async () => {
      const res = await server.request({ path: tree.path + OIDC_SUFFIX, method: 'HEAD' });
      assert.equal(res.status, 200);
      assert.equal(res.body, '');
    });
  });
}

test('D7 the FAPI tree publishes mtls_endpoint_aliases only for endpoints it lists', async () => {
  const doc = (await getJson(server, '/auth' + OIDC_SUFFIX)).json;
  for (const [k, v] of Object.entries(doc.mtls_endpoint_aliases)) {
    assert.ok(k in doc, `alias ${k} has a primary entry`);
    assert.equal(new URL(v).pathname, new URL(doc[k]).pathname, `${k} alias names the same path`);
  }
});

test('D3 the two trees have different issuers', async () => {
  const fapi = (await getJson(server, '/auth' + OIDC_SUFFIX)).json;
  const nonfapi = (await getJson(server, '/auth-nonfapi' + OIDC_SUFFIX)).json;
  assert.notEqual(fapi.issuer, nonfapi.issuer);
});
