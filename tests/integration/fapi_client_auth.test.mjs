// Client authentication at the FAPI tree's direct endpoints (SPEC 4, CA1-CA8; ATTACKS T05-T10):
// private_key_jwt for a fapi1-advanced client (tpp-one, PS256) and a fapi2 client (ES256 key), and
// tls_client_auth for fapi2 clients, at PAR and (CA8: same rules) at the token endpoint.
// Every refusal is a 401 invalid_client that leaves nothing behind: the same request with a good
// assertion carrying the SAME jti succeeds afterwards (a refused assertion never enters the replay cache).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import * as jose from 'jose';
import { assertError, baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const OTHER_AS = 'https://other-as.example/auth';
const OTHER_TOKEN = 'https://other-as.example/token';
const DN_TWO = 'CN=tpp-two,OU=dev,O=Example TPP Two,C=BR';
const TWO_REDIRECT = 'https://tpp-two.example/cb';

let server, p;
const ids = {};  // clientId -> { signer (for private_key_jwt), tls }

// DER of a string value as RFC 4514 '#hex' (tag 0x0c UTF8String, 0x13 PrintableString).
const hexValue = (tag, s) => `#${Buffer.concat([Buffer.from([tag, Buffer.byteLength(s)]), Buffer.from(s)]).toString('hex')}`;
const THREE_SUBJ = '/C=BR/jurisdictionC=BR/organizationIdentifier=OFBBR-123/businessCategory=Private Organization' +
  '/serialNumber=12345678000190/O=Example TPP Three/OU=dev/CN=tpp-three';
const THREE_DN = `CN=tpp-three,OU=dev,O=Example TPP Three,2.5.4.5=${hexValue(0x13, '12345678000190')},` +
  `2.5.4.15=${hexValue(0x0c, 'private organization')},2.5.4.97=${hexValue(0x0c, 'OFBBR-123')},` +
  `1.3.6.1.4.1.311.60.2.1.3=${hexValue(0x13, 'BR')},C=BR`;

before(async () => {
  p = await pki();
  const keys = await f.makeClientKeys(tempDir(), 'tpp-two-jwt', { alg: 'ES256' });
  const oneTls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const twoTls = { cert: p.read('clients/tpp-two.crt'), key: p.read('clients/tpp-two.key') };
  ids['tpp-one'] = { tls: oneTls, signer: { clientId: 'tpp-one', alg: 'PS256', kid: 'tpp-one-sig',
    key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256') } };
  ids['tpp-two-jwt'] = { tls: twoTls, signer: { clientId: 'tpp-two-jwt', ...keys.sign } };
  ids.three = f.makeClientCert(p, THREE_SUBJ);
  const fapi2 = (clientId, more) => ({ clientId, profile: 'fapi2', redirectUris: [TWO_REDIRECT], responseTypes: ['code'],
    grantTypes: ['authorization_code', 'client_credentials'], allowedScopes: ['openid', 'accounts'], ...more });
  const mtls = (clientId, dn) => fapi2(clientId, { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: dn });
  server = await startServer({ overrides: { clients: [...baseConfig(p).clients,
    fapi2('tpp-two-jwt', { tokenEndpointAuthMethod: 'private_key_jwt', jwksFile: keys.jwksFile }),
    mtls('tpp-two-mtls', DN_TWO),
    mtls('tpp-two-dn-variant', 'cn=TPP-Two,  ou=DEV, o=example   tpp two , c=br'),
    mtls('tpp-two-dn-reordered', 'C=BR,O=Example TPP Two,OU=dev,CN=tpp-two'),
    mtls('tpp-three', THREE_DN),
  ] } });
});
after(async () => { await server?.stop(); });

// ---- requests -------------------------------------------------------------------------------------

async function pushForm(clientId) {
  const { challenge } = f.pkce();
  if (clientId === 'tpp-one') {
    return { request: await f.requestObject(ids['tpp-one'].signer, { response_type: 'code id_token', redirect_uri: 'https://tpp-one.example/cb',
      scope: 'openid accounts', nonce: f.randomId(), code_challenge: challenge, code_challenge_method: 'S256' }) };
  }
  return { client_id: clientId, response_type: 'code', redirect_uri: TWO_REDIRECT, scope: 'openid accounts',
    nonce: f.randomId(), code_challenge: challenge, code_challenge_method: 'S256' };
}

// One authenticated call of `clientId` at 'par' or 'token' (client_credentials); `auth` are the client
// authentication form members, `tls` the certificate presented, `headers` extra headers.
async function call(clientId, where, auth, { tls = ids[clientId]?.tls ?? ids['tpp-two-jwt'].tls, headers, extra = {} } = {}) {
  const body = where === 'par' ? { ...(await pushForm(clientId)), ...auth, ...extra }
    : { grant_type: 'client_credentials', scope: 'accounts', ...auth, ...extra };
  return f.postForm(server, `/auth/${where}`, body, tls, headers);
}

// A success: PAR answers 201 with a request_uri that /authorize accepts; the token endpoint a token.
async function assertAccepted(res, where, clientId) {
  if (where === 'token') {
    assert.equal(res.status, 200, res.body);
    assert.ok(res.json.access_token);
    return;
  }
  assert.equal(res.status, 201, res.body);
  const { res: authz } = await f.authorize(server, { client_id: clientId, request_uri: res.json.request_uri });
  assert.equal(authz.status, 303, authz.body);
}

const signed = async (clientId, opts) => f.assertionParams(await f.assertion(ids[clientId].signer, opts));

// Refused with 401 invalid_client, then the same call with a good assertion reusing `jti` succeeds.
async function refusedThenRecovered(clientId, where, auth, jti) {
  assertError(await call(clientId, where, auth), 401, 'invalid_client');
  const good = await signed(clientId, { claims: jti ? { jti } : {} });
  await assertAccepted(await call(clientId, where, good), where, clientId);
}

// ---- private_key_jwt ------------------------------------------------------------------------------

describe('private_key_jwt (CA1, CA2, CA5, CA8, T07, T08)', () => {
  for (const clientId of ['tpp-one', 'tpp-two-jwt']) {
    for (const where of ['par', 'token']) {
      const at = `(${clientId} at ${where})`;
      test(`CA1 a good assertion authenticates ${at}`, async () => {
        await assertAccepted(await call(clientId, where, await signed(clientId)), where, clientId);
      });

      test(`CA5 an assertion issued 8 s in the future is accepted ${at}`, async () => {
        await assertAccepted(await call(clientId, where, await signed(clientId, { claims: { iat: f.now() + 8, nbf: f.now() + 8 } })), where, clientId);
      });

      // Each case: a bad assertion made from the good claims and the jti it carries.
      const cases = {
        'CA2 an assertion without sub': (s, c) => f.assertion(s, { claims: c, omit: ['sub'] }),
        'CA2 sub not the client_id': (s, c) => f.assertion(s, { claims: { ...c, sub: 'someone-else' } }),
        'CA2 iss naming another registered client (sub the client, its own key)': (s, c) =>
          f.assertion(s, { claims: { ...c, iss: s.clientId === 'tpp-one' ? 'tpp-two-jwt' : 'tpp-one' } }),
        'CA2 iss of an unknown client, with the client_id parameter naming the client': async (s, c) =>
          ({ jwt: await f.assertion(s, { claims: { ...c, iss: 'tpp-unknown' } }), extra: { client_id: clientId } }),
        'CA2 an assertion without exp': (s, c) => f.assertion(s, { claims: c, omit: ['exp'] }),
        'CA2 an assertion expired 5 minutes ago': (s, c) => f.assertion(s, { claims: { ...c, iat: f.now() - 360, exp: f.now() - 300 } }),
        'CA2 a signature by an unregistered key under the client kid': async (s, c) => {
          const alt = await jose.generateKeyPair(s.alg);
          return f.assertion({ ...s, key: alt.privateKey }, { claims: c });
        },
        'CA2 an RS256 assertion': async (s, c) => f.rawJws({ alg: 'RS256', kid: 'tpp-one-sig' }, claimsOf(s, c),
          ids['tpp-one'].signer.key),
        'T08 HS256 keyed with the bytes of the client public key': (s, c) => f.rawJws({ alg: 'HS256', kid: s.kid }, claimsOf(s, c),
          createPublicKey(s.key).export({ type: 'spki', format: 'pem' })),
        'T08 alg none': (s, c) => f.rawJws({ alg: 'none' }, claimsOf(s, c)),
        'T08 alg none with a valid signature attached': (s, c) => f.rawJws({ alg: 'none', kid: s.kid }, claimsOf(s, c), s.key, { signAs: s.alg }),
        'OIDC Core 9 an assertion without jti': (s, c) => f.assertion(s, { claims: c, omit: ['jti'] }),
        'T07 an assertion expiring 48 h ahead': (s, c) => f.assertion(s, { claims: { ...c, exp: f.now() + 48 * 3600 } }),
        'CA5 an assertion issued 60 s in the future': (s, c) => f.assertion(s, { claims: { ...c, iat: f.now() + 60, exp: f.now() + 120 } }),
        'CA5 an assertion issued 90 s in the future': (s, c) => f.assertion(s, { claims: { ...c, iat: f.now() + 90, exp: f.now() + 150 } }),
        'CA5 an assertion not valid before 90 s from now': (s, c) => f.assertion(s, { claims: { ...c, nbf: f.now() + 90 } }),
      };
      for (const [name, make] of Object.entries(cases)) {
        test(`${name} is refused with invalid_client, and leaves no trace ${at}`, async () => {
          const jti = f.randomId();
          const made = await make(ids[clientId].signer, { jti });
          const jwt = typeof made === 'string' ? made : made.jwt;
          assertError(await call(clientId, where, f.assertionParams(jwt), { extra: made.extra ?? {} }), 401, 'invalid_client');
          await assertAccepted(await call(clientId, where, await signed(clientId, { claims: { jti } })), where, clientId);
        });
      }
    }
  }
});

function claimsOf(s, c) {
  return { iss: s.clientId, sub: s.clientId, aud: f.ISSUER, jti: f.randomId(), iat: f.now(), exp: f.now() + 60, ...c };
}

// ---- audience ------------------------------------------------------------------------------------

describe('assertion audience per profile (CA3 fapi1-advanced, CA4 fapi2, T06)', () => {
  const table = [
    ['CA3', 'tpp-one', 'par', f.ISSUER, true], ['CA3', 'tpp-one', 'par', f.TOKEN_URL, true],
    ['CA3', 'tpp-one', 'par', f.PAR_URL, true], ['CA3', 'tpp-one', 'par', [OTHER_AS, f.PAR_URL], true],
    ['CA3', 'tpp-one', 'par', [f.ISSUER], true], ['CA3', 'tpp-one', 'token', f.TOKEN_URL, true],
    ['CA3', 'tpp-one', 'token', [OTHER_TOKEN, f.TOKEN_URL], true],
    ['CA3', 'tpp-one', 'par', OTHER_AS, false], ['CA3', 'tpp-one', 'par', `${f.ISSUER}/`, false],
    ['CA3', 'tpp-one', 'par', undefined, false], ['CA3', 'tpp-one', 'token', f.PAR_URL, false],
    ['T06', 'tpp-one', 'token', OTHER_TOKEN, false], ['T06', 'tpp-one', 'token', [OTHER_TOKEN], false],
    ['CA4', 'tpp-two-jwt', 'par', f.ISSUER, true], ['CA4', 'tpp-two-jwt', 'token', f.ISSUER, true],
    ['CA4', 'tpp-two-jwt', 'par', f.TOKEN_URL, false], ['CA4', 'tpp-two-jwt', 'par', f.PAR_URL, false],
    ['CA4', 'tpp-two-jwt', 'par', [f.ISSUER], false], ['CA4', 'tpp-two-jwt', 'token', f.TOKEN_URL, false],
    ['CA4', 'tpp-two-jwt', 'token', [f.ISSUER, f.TOKEN_URL], false], ['T06', 'tpp-two-jwt', 'token', OTHER_TOKEN, false],
  ];
  for (const [id, clientId, where, aud, ok] of table) {
    test(`${id} ${clientId} at ${where}: aud ${JSON.stringify(aud) ?? 'missing'} is ${ok ? 'accepted' : 'refused'}`, async () => {
      const jti = f.randomId();
      const auth = await signed(clientId, { aud, claims: { jti }, omit: aud === undefined ? ['aud'] : [] });
      if (ok) await assertAccepted(await call(clientId, where, auth), where, clientId);
      else await refusedThenRecovered(clientId, where, auth, jti);
    });
  }
});

// ---- inconsistent or missing credentials ----------------------------------------------------------

describe('how the client is identified (CA1, CA6)', () => {
  test('CA6 a client_id parameter that is not the assertion iss is refused', async () => {
    const jti = f.randomId();
    const auth = { ...(await signed('tpp-one', { claims: { jti } })), client_id: 'tpp-two-jwt' };
    await refusedThenRecovered('tpp-one', 'par', auth, jti);
  });

  test('CA6 a private_key_jwt client sending only its client_id is refused', async () => {
    await refusedThenRecovered('tpp-two-jwt', 'par', { client_id: 'tpp-two-jwt' });
  });

  test('CA6 an assertion with a client_assertion_type other than jwt-bearer is refused', async () => {
    const jti = f.randomId();
    const auth = { ...(await signed('tpp-one', { claims: { jti } })), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' };
    await refusedThenRecovered('tpp-one', 'par', auth, jti);
  });

  test('CA6 an assertion together with HTTP Basic credentials (two methods) is refused', async () => {
    const jti = f.randomId();
    const res = await call('tpp-one', 'par', await signed('tpp-one', { claims: { jti } }),
      { headers: { authorization: `Basic ${Buffer.from('tpp-one:secret').toString('base64')}` } });
    assertError(res, 401, 'invalid_client');
    await assertAccepted(await call('tpp-one', 'par', await signed('tpp-one', { claims: { jti } })), 'par', 'tpp-one');
  });

  test('CA1 a client_secret is refused for a FAPI client', async () => {
    await refusedThenRecovered('tpp-one', 'par', { client_id: 'tpp-one', client_secret: 'guess' });
  });

  test('CA1 the non-FAPI back-office client cannot use the FAPI PAR endpoint, even with its real secret', async () => {
    const res = await f.postForm(server, '/auth/par', { client_id: 'backoffice-portal',
      client_secret: p.read('secrets/portal-secret/client-secret').trim(), response_type: 'code',
      redirect_uri: 'https://portal.example/home', scope: 'openid', code_challenge: f.pkce().challenge, code_challenge_method: 'S256' },
    ids['tpp-one'].tls);
    assertError(res, 401, 'invalid_client');
  });
});

// ---- jti replay ------------------------------------------------------------------------------------

describe('assertion jti replay (T05)', () => {
  test('T05 an assertion replayed at PAR is refused after its first use worked', async () => {
    const auth = await signed('tpp-one');
    await assertAccepted(await call('tpp-one', 'par', auth), 'par', 'tpp-one');
    assertError(await call('tpp-one', 'par', auth), 401, 'invalid_client');
  });

  test('T05 an assertion used at PAR is refused at the token endpoint', async () => {
    for (const clientId of ['tpp-one', 'tpp-two-jwt']) {
      const auth = await signed(clientId);
      await assertAccepted(await call(clientId, 'par', auth), 'par', clientId);
      assertError(await call(clientId, 'token', auth), 401, 'invalid_client');
      await assertAccepted(await call(clientId, 'token', await signed(clientId)), 'token', clientId);
    }
  });

  // The token endpoint takes a client_credentials assertion's jti in the transaction that records the
  // token: the other endpoints and the other grant types must see it taken all the same.
  test('T05 an assertion used for a client_credentials token is refused at PAR and for another grant type', async () => {
    for (const clientId of ['tpp-one', 'tpp-two-jwt']) {
      const auth = await signed(clientId);
      await assertAccepted(await call(clientId, 'token', auth), 'token', clientId);
      assertError(await call(clientId, 'token', auth), 401, 'invalid_client');
      assertError(await call(clientId, 'par', auth), 401, 'invalid_client');
      assertError(await call(clientId, 'token', auth, { extra: { grant_type: 'authorization_code', code: 'x' } }), 401, 'invalid_client');
    }
  });

  test('T05 an assertion whose client_credentials request was refused is used up', async () => {
    const auth = await signed('tpp-one');
    assertError(await call('tpp-one', 'token', auth, { extra: { scope: 'payments' } }), 400, 'invalid_scope');
    assertError(await call('tpp-one', 'token', auth), 401, 'invalid_client');
  });

  test('T05 of one assertion sent twice at once, exactly one gets a token', async () => {
    for (let round = 0; round < 5; round++) {
      const auth = await signed('tpp-one');
      const answers = await Promise.all([call('tpp-one', 'token', auth), call('tpp-one', 'token', auth)]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 401], answers.map((r) => r.body).join(' | '));
      assertError(answers.find((r) => r.status === 401), 401, 'invalid_client');
    }
  });

  test('T05 a jti re-signed in a new assertion is still a replay', async () => {
    const jti = f.randomId();
    await assertAccepted(await call('tpp-one', 'token', await signed('tpp-one', { claims: { jti } })), 'token', 'tpp-one');
    assertError(await call('tpp-one', 'token', await signed('tpp-one', { claims: { jti, iat: f.now() + 1 } })), 401, 'invalid_client');
  });
});

// ---- tls_client_auth -------------------------------------------------------------------------------

describe('tls_client_auth (CA1, CA7, T09, T10)', () => {
  const byCert = (clientId) => ({ client_id: clientId });
  const twoTls = () => ids['tpp-two-jwt'].tls;

  test('CA1 a tls_client_auth client authenticates with its certificate at PAR and at the token endpoint', async () => {
    for (const where of ['par', 'token'])
      await assertAccepted(await call('tpp-two-mtls', where, byCert('tpp-two-mtls'), { tls: twoTls() }), where, 'tpp-two-mtls');
  });

  test('CA7 a registered DN written with other case and spacing matches the certificate subject', async () => {
    await assertAccepted(await call('tpp-two-dn-variant', 'par', byCert('tpp-two-dn-variant'), { tls: twoTls() }), 'par', 'tpp-two-dn-variant');
  });

  test('CA7 OFB attributes registered as OID=#hex match the certificate subject', async () => {
    await assertAccepted(await call('tpp-three', 'par', byCert('tpp-three'), { tls: ids.three }), 'par', 'tpp-three');
  });

  test('CA7 the same attributes in another RDN order do not match', async () => {
    assertError(await call('tpp-two-dn-reordered', 'par', byCert('tpp-two-dn-reordered'), { tls: twoTls() }), 401, 'invalid_client');
  });

  test('T09 a certificate from the trusted CA with another subject is refused with invalid_client', async () => {
    const other = f.makeClientCert(p, '/C=BR/O=Example TPP Two/OU=dev/CN=tpp-two-impostor');
    for (const tls of [other, ids['tpp-one'].tls])
      assertError(await call('tpp-two-mtls', 'par', byCert('tpp-two-mtls'), { tls }), 401, 'invalid_client');
    assertError(await call('tpp-two-mtls', 'token', byCert('tpp-two-mtls'), { tls: other }), 401, 'invalid_client');
    await assertAccepted(await call('tpp-two-mtls', 'par', byCert('tpp-two-mtls'), { tls: twoTls() }), 'par', 'tpp-two-mtls');
  });

  test('T09 a certificate with the right subject but an untrusted chain fails the handshake', async () => {
    const forged = f.makeClientCert(p, '/C=BR/O=Example TPP Two/OU=dev/CN=tpp-two', { selfSigned: true });
    await assert.rejects(call('tpp-two-mtls', 'par', byCert('tpp-two-mtls'), { tls: forged }),
      (e) => /^ERR_SSL_.*ALERT|^ECONNRESET$/.test(e.code ?? ''));
  });

  test('T10 client-certificate headers sent by the client are ignored', async () => {
    const pem = twoTls().cert;
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const headers = { 'x-ssl-client-cert': encodeURIComponent(pem), 'client-cert': `:${der.toString('base64')}:`,
      'x-client-cert': encodeURIComponent(pem) };
    assertError(await call('tpp-two-mtls', 'par', byCert('tpp-two-mtls'), { tls: ids['tpp-one'].tls, headers }), 401, 'invalid_client');
    assertError(await call('tpp-two-mtls', 'token', byCert('tpp-two-mtls'), { tls: ids['tpp-one'].tls, headers }), 401, 'invalid_client');
  });

  test('CA1 a tls_client_auth client that also sends a client_secret is refused', async () => {
    assertError(await call('tpp-two-mtls', 'par', { client_id: 'tpp-two-mtls', client_secret: 'x' }, { tls: twoTls() }), 401, 'invalid_client');
  });
});
