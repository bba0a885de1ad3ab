// The published JWKS (SPEC §2 K1, K2; issue 2 "Keys"): public halves only, exactly the configured keys,
// inactive (rotated-out or not-yet-active) keys published too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as jose from 'jose';
import { baseConfig, getJson, pki, startServer, tempDir } from './harness.mjs';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PUBLIC_MEMBERS = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'] };

let server;
let keys; // the configured keys, including the inactive ones added below

before(async () => {
  const p = await pki();
  // A second PS256 key, not active: published for verification during a rotation, never used to sign.
  const dir = tempDir('fapid-keys-');
  const old = path.join(dir, 'ps256-previous.key');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(old, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  keys = [
    ...baseConfig(p).keys,
    { kid: 'sig-ps256-previous', use: 'sig', alg: 'PS256', file: old, active: false },
  ];
  server = await startServer({ overrides: { keys } });
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

for (const tree of ['/auth', '/auth-nonfapi']) {
  describe(`${tree}/jwks`, () => {
    let res;
    before(async () => {
      res = await getJson(server, `${tree}/jwks`);
    });

    test('is served with a JWK Set content type (RFC 7517 §8.5)', () => {
      assert.match(res.headers['content-type'], /^application\/(jwk-set\+json|json)\b/);
      assert.ok(Array.isArray(res.json.keys), 'a "keys" array');
    });

    test('K1 every key has a kid and no kid is repeated', () => {
      const kids = res.json.keys.map((k) => k.kid);
      for (const kid of kids) assert.ok(typeof kid === 'string' && kid.length > 0, `kid ${kid}`);
      assert.equal(new Set(kids).size, kids.length, `duplicate kid in ${kids}`);
    });

    test('K1 no key carries a private or symmetric member', () => {
      for (const k of res.json.keys)
        for (const m of PRIVATE_MEMBERS) assert.equal(m in k, false, `${k.kid} publishes "${m}"`);
    });

    test('publishes exactly the configured keys, each the public half of its PEM file', () => {
      const published = new Map(res.json.keys.map((k) => [k.kid, k]));
      assert.deepEqual([...published.keys()].sort(), keys.map((k) => k.kid).sort());
      for (const cfg of keys) {
        const jwk = published.get(cfg.kid);
        const expected = createPublicKey(fs.readFileSync(cfg.file)).export({ format: 'jwk' });
        assert.equal(jwk.kty, expected.kty, `${cfg.kid} kty`);
        for (const m of PUBLIC_MEMBERS[expected.kty]) assert.equal(jwk[m], expected[m], `${cfg.kid} ${m}`);
        assert.equal(jwk.use, cfg.use, `${cfg.kid} use`);
        assert.equal(jwk.alg, cfg.alg, `${cfg.kid} alg`);
        // The JWK really imports as a public key of the same type.
        assert.equal(createPublicKey({ key: jwk, format: 'jwk' }).type, 'public');
      }
    });

    test('an inactive key is published for verification', () => {
      assert.ok(res.json.keys.some((k) => k.kid === 'sig-ps256-previous'));
    });

    test('K2 RSA keys have at least 2048 bits and EC keys use P-256', () => {
      for (const k of res.json.keys) {
        if (k.kty === 'RSA') assert.ok(Buffer.from(k.n, 'base64url').length >= 256, `${k.kid} modulus size`);
        else if (k.kty === 'EC') assert.equal(k.crv, 'P-256', `${k.kid} curve`);
        else assert.fail(`${k.kid}: unexpected kty ${k.kty}`);
      }
    });

    test('its keys verify the metadata the server signs (RFC 8414 §2.1 signed_metadata), with the active key', async () => {
      const doc = (await getJson(server, `${tree}/.well-known/openid-configuration`)).json;
      assert.equal(typeof doc.signed_metadata, 'string');
      const keySet = jose.createLocalJWKSet(res.json);
      const { payload, protectedHeader } = await jose.jwtVerify(doc.signed_metadata, keySet, {
        issuer: doc.issuer, algorithms: ['PS256', 'ES256'],
      });
      assert.equal(protectedHeader.alg, 'PS256');
      assert.equal(protectedHeader.kid, 'sig-ps256-1', 'signed by the active PS256 key, not the rotated-out one');
      const { signed_metadata: _, ...values } = doc;
      assert.deepEqual(payload, { ...values, iss: doc.issuer });
      // A changed claim no longer verifies.
      const [h, , sig] = doc.signed_metadata.split('.');
      const forged = Buffer.from(JSON.stringify({ ...payload, token_endpoint: 'https://evil.example/token' })).toString('base64url');
      await assert.rejects(jose.jwtVerify(`${h}.${forged}.${sig}`, keySet), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });

    test('the same set is served on the mTLS listener', async () => {
      const p = await pki();
      const m = await getJson(server, `${tree}/jwks`, {
        listener: 'mtls', cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key'),
      });
      assert.deepEqual(m.json, res.json);
    });
  });
}
