// SPEC §10 (ID token, I1-I9) and §11 (JARM, J1-J3), ATTACKS A20: the ID tokens of the hybrid front channel
// and of the token endpoint, encrypted front-channel ID tokens, the claims parameter, and JARM responses,
// each checked with npm jose against the server's published JWKS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as jose from 'jose';
import { baseConfig, pki, startServer, tempDir } from './harness.mjs';
import * as f from './fapi_flow.mjs';

let server, p, jwks, one, enc, encKey, jarm, two;
const halfHash = (v) => f.b64url(createHash('sha256').update(v).digest().subarray(0, 16));

before(async () => {
  p = await pki();
  const dir = tempDir();
  const encKeys = await f.makeClientKeys(dir, 'tpp-enc', { enc: true });
  const fapi2Keys = await f.makeClientKeys(dir, 'fapi2-app', { alg: 'ES256' });
  const tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  const common = { tokenEndpointAuthMethod: 'private_key_jwt', grantTypes: ['authorization_code', 'refresh_token'],
    allowedScopes: ['openid', 'accounts'] };
  server = await startServer({ overrides: { clients: [
    ...baseConfig(p).clients,
    { clientId: 'tpp-enc', profile: 'fapi1-advanced', redirectUris: ['https://tpp-enc.example/cb'], responseTypes: ['code id_token'],
      jwksFile: encKeys.jwksFile, ...common },
    { clientId: 'tpp-jarm', profile: 'fapi1-advanced', redirectUris: ['https://tpp-jarm.example/cb'], responseTypes: ['code'],
      jwksFile: p.file('clients/tpp-one.jwks.json'), ...common },
    { clientId: 'fapi2-app', profile: 'fapi2', redirectUris: ['https://fapi2.example/cb'], responseTypes: ['code'],
      jwksFile: fapi2Keys.jwksFile, ...common },
  ] } });
  jwks = await f.serverKeys(server);
  one = f.flowClient('tpp-one', sign, tls);
  enc = f.flowClient('tpp-enc', encKeys.sign, tls, { redirectUri: 'https://tpp-enc.example/cb' });
  encKey = encKeys.enc;
  jarm = f.flowClient('tpp-jarm', sign, tls, { redirectUri: 'https://tpp-jarm.example/cb', responseType: 'code' });
  two = f.flowClient('fapi2-app', fapi2Keys.sign, tls, { redirectUri: 'https://fapi2.example/cb', responseType: 'code' });
});
after(async () => { await server?.stop(); });

async function verifyIdToken(token, client, nonce) {
  const { payload, protectedHeader } = await jose.jwtVerify(token, jwks, { issuer: f.ISSUER, audience: client.clientId });
  // I1: fapi1-advanced (OFB) PS256 only; fapi2 PS256 or ES256.
  assert.ok(client === two ? ['PS256', 'ES256'].includes(protectedHeader.alg) : protectedHeader.alg === 'PS256', protectedHeader.alg);
  assert.ok(protectedHeader.kid, 'I1 kid header');
  for (const h of ['x5u', 'x5c', 'jku', 'jwk']) assert.equal(protectedHeader[h], undefined, `no ${h} header`);
  assert.ok(payload.sub && payload.iat && payload.exp > payload.iat);
  if (nonce !== undefined) assert.equal(payload.nonce, nonce);
  assert.match(payload.acr, /^urn:brasil:openbanking:loa[23]$/, 'I6 acr always present');
  return payload;
}

describe('I1-I3, I6 the hybrid ID tokens', () => {
  test('I1 I3 I6 the front-channel ID token is signed with kid and carries c_hash, s_hash, nonce and acr', async () => {
    const { response, params } = await f.authorizeFlow(server, one);
    const claims = await verifyIdToken(response.id_token, one, params.nonce);
    assert.equal(claims.c_hash, halfHash(response.code));
    assert.equal(claims.s_hash, halfHash(params.state));
    assert.equal(claims.acr, 'urn:brasil:openbanking:loa2');
    assert.equal(claims.sub, 'customer-1');
  });

  test('I2 I3 the token-endpoint ID token has the same sub, the nonce, at_hash, and auth_time when max_age was asked', async () => {
    const { response, params, tok } = await f.tokenFlow(server, one, { max_age: '600' });
    const front = jose.decodeJwt(response.id_token);
    const back = await verifyIdToken(tok.json.id_token, one, params.nonce);
    assert.equal(back.sub, front.sub);
    assert.equal(back.at_hash, halfHash(tok.json.access_token));
    assert.ok(Number.isInteger(back.auth_time) && Math.abs(back.auth_time - f.now()) < 60);
    assert.equal(back.cpf, undefined);
  });

  test('I5 fapi2 sends no ID token in the front channel, only from the token endpoint', async () => {
    const { response, tok } = await f.tokenFlow(server, two, { nonce: 'n-i5' });
    assert.equal(response.id_token, undefined);
    const claims = await verifyIdToken(tok.json.id_token, two, 'n-i5');
    assert.equal(claims.sub, 'customer-1');
  });

  test('I8 the sub of a user is the same in every grant', async () => {
    const a = await f.tokenFlow(server, two, {}, { interaction: { subject: 'customer-i8' } });
    const b = await f.tokenFlow(server, two, {}, { interaction: { subject: 'customer-i8' } });
    assert.equal(jose.decodeJwt(a.tok.json.id_token).sub, 'customer-i8');
    assert.equal(jose.decodeJwt(b.tok.json.id_token).sub, 'customer-i8');
  });
});

describe('I7 encrypted front-channel ID token', () => {
  test('I7 with a use=enc client key the fragment id_token is an RSA-OAEP/A256GCM JWE to that kid holding a verifiable JWS', async () => {
    const { response, params, tok } = await f.tokenFlow(server, enc);
    const header = jose.decodeProtectedHeader(response.id_token);
    assert.equal(response.id_token.split('.').length, 5, 'a JWE compact serialization');
    assert.equal(header.alg, 'RSA-OAEP');
    assert.equal(header.enc, 'A256GCM');
    assert.equal(header.kid, encKey.kid);
    for (const h of ['x5u', 'x5c', 'jku', 'jwk']) assert.equal(header[h], undefined, `no ${h} header`);
    const { plaintext } = await jose.compactDecrypt(response.id_token, encKey.privateKey);
    const claims = await verifyIdToken(new TextDecoder().decode(plaintext), enc, params.nonce);
    assert.equal(claims.c_hash, halfHash(response.code));
    assert.equal(claims.s_hash, halfHash(params.state));
    assert.equal(tok.json.id_token.split('.').length, 3, 'the token-endpoint ID token is signed only');
    assert.equal((await verifyIdToken(tok.json.id_token, enc, params.nonce)).sub, claims.sub);
  });
});

describe('I9 the claims parameter', () => {
  test('I9 an essential cpf is a string in the token-endpoint ID token and cnpj an array', async () => {
    const claims = JSON.stringify({ id_token: { cpf: { essential: true }, cnpj: { essential: true } } });
    const { tok } = await f.tokenFlow(server, two, { claims },
      { interaction: { cpf: '12345678909', cnpj: '11222333000181,11222333000262' } });
    const idt = await verifyIdToken(tok.json.id_token, two);
    assert.equal(idt.cpf, '12345678909');
    assert.match(idt.cpf, /^\d{11}$/);
    assert.deepEqual(idt.cnpj, ['11222333000181', '11222333000262']);
  });

  test('I9 A15 an essential cpf reaches the encrypted front-channel ID token too', async () => {
    const claims = JSON.stringify({ id_token: { cpf: { essential: true, value: '12345678909' } } });
    const { response, tok } = await f.tokenFlow(server, enc, { claims }, { interaction: { cpf: '12345678909' } });
    const { plaintext } = await jose.compactDecrypt(response.id_token, encKey.privateKey);
    assert.equal(jose.decodeJwt(new TextDecoder().decode(plaintext)).cpf, '12345678909');
    assert.equal(jose.decodeJwt(tok.json.id_token).cpf, '12345678909');
  });

  test('I9 claims the client did not request are absent from the ID tokens and userinfo', async () => {
    const { response, tok } = await f.tokenFlow(server, one, {}, { interaction: { cpf: '12345678909', cnpj: '11222333000181' } });
    for (const t of [response.id_token, tok.json.id_token]) {
      const c = jose.decodeJwt(t);
      assert.equal(c.cpf, undefined);
      assert.equal(c.cnpj, undefined);
    }
    const ui = await f.userinfo(server, one, tok.json.access_token);
    assert.equal(ui.status, 200, ui.body);
    assert.deepEqual(Object.keys(ui.json), ['sub']);
  });

  test('I9 UI1 userinfo serves the cpf requested for it, with the ID token sub', async () => {
    const claims = JSON.stringify({ userinfo: { cpf: null } });
    const { tok } = await f.tokenFlow(server, one, { claims }, { interaction: { cpf: '12345678909' } });
    const ui = await f.userinfo(server, one, tok.json.access_token);
    assert.equal(ui.status, 200, ui.body);
    assert.equal(ui.headers['cache-control'], 'no-store');
    assert.deepEqual(ui.json, { cpf: '12345678909', sub: jose.decodeJwt(tok.json.id_token).sub });
    assert.equal(jose.decodeJwt(tok.json.id_token).cpf, undefined);
  });
});

describe('J1-J3 JARM', () => {
  async function verifyJarm(location, client, part = 'search') {
    const url = new URL(location);
    const params = new URLSearchParams(part === 'hash' ? url.hash.slice(1) : url.search);
    assert.deepEqual([...params.keys()], ['response'], 'A20 J2 only the response parameter, nothing in the clear');
    assert.equal(url.origin + url.pathname, client.redirectUri);
    const { payload, protectedHeader } = await jose.jwtVerify(params.get('response'), jwks, { issuer: f.ISSUER, audience: client.clientId });
    assert.equal(protectedHeader.alg, 'PS256');
    assert.ok(protectedHeader.kid);
    assert.ok(payload.exp > f.now() && payload.exp - f.now() <= 600, `J2 exp at most 10 min ahead: ${payload.exp - f.now()}`);
    return payload;
  }

  test('A20 J1 J2 J3 response_mode=jwt answers with one signed JWT holding iss, aud, exp, code and state', async () => {
    const { done, verifier } = await f.authorizeFlow(server, jarm, { response_mode: 'jwt', state: 'jarm-state' });
    assert.equal(done.status, 303);
    const payload = await verifyJarm(done.headers.location, jarm);
    assert.equal(payload.state, 'jarm-state');
    assert.equal(payload.iss, f.ISSUER);
    assert.ok(payload.code);
    const tok = await f.redeemCode(server, jarm, payload.code, verifier);
    assert.equal(tok.status, 200, tok.body);
  });

  test('J1 a denied JARM request answers with error and state inside the JWT', async () => {
    const { done } = await f.authorizeFlow(server, jarm, { response_mode: 'jwt', state: 'jarm-deny' }, { interaction: { decision: 'deny' } });
    const payload = await verifyJarm(done.headers.location, jarm);
    assert.equal(payload.error, 'access_denied');
    assert.equal(payload.state, 'jarm-deny');
    assert.equal(payload.code, undefined);
  });

  test('J1 fragment.jwt and query.jwt put the response where they say', async () => {
    const frag = await f.authorizeFlow(server, jarm, { response_mode: 'fragment.jwt' });
    assert.ok((await verifyJarm(frag.done.headers.location, jarm, 'hash')).code);
    const query = await f.authorizeFlow(server, jarm, { response_mode: 'query.jwt' });
    assert.ok((await verifyJarm(query.done.headers.location, jarm)).code);
  });

  test('J1 the hybrid response with response_mode=jwt wraps code and id_token in the JWT in the fragment', async () => {
    const { done } = await f.authorizeFlow(server, one, { response_mode: 'jwt' });
    const payload = await verifyJarm(done.headers.location, one, 'hash');
    assert.ok(payload.code && payload.id_token);
  });
});
