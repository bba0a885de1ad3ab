// Configuration validation (issue 2 "Configuration"): `fapid check-config` names every error by its
// YAML path and exits 2; `fapid serve` refuses the same files; the example configuration is valid.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  SOURCE_DIR, baseConfig, deepMerge, exampleConfigText, fapid, pki, tempDir, writeConfig,
} from './harness.mjs';

const EXIT_CONFIG_ERROR = 2;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let base;
let p;
let fapiIndex;   // index of a FAPI (private_key_jwt) client in base.clients
let portalIndex; // index of the client_secret_post client

before(async () => {
  p = await pki();
  base = baseConfig(p);
  fapiIndex = base.clients.findIndex((c) => c.tokenEndpointAuthMethod === 'private_key_jwt');
  portalIndex = base.clients.findIndex((c) => c.clientSecretName !== undefined);
  assert.ok(fapiIndex >= 0 && portalIndex >= 0);
});

const errorLines = (stderr) => stderr.split('\n').filter((l) => l.startsWith('error: '));

async function checkConfig(config) {
  return fapid(['check-config', '--config', writeConfig(config)]);
}

// Each case: a name, a function mutating a copy of the base config, and the YAML path (string, or a
// RegExp source for paths whose last segment is the loader's choice) that must open an error line.
const cases = [
  ['FAPI clients without an active PS256 key', (c) => (c.keys = c.keys.filter((k) => k.alg !== 'PS256')), 'keys'],
  ['a tls_client_auth subject that is not an RFC 4514 DN', (c) => {
    c.clients[fapiIndex] = { ...c.clients[fapiIndex], tokenEndpointAuthMethod: 'tls_client_auth', jwksFile: undefined, tlsClientAuthSubjectDn: 'CN=a,,O=b' };
  }, /^clients\[\d+\]\.tlsClientAuthSubjectDn$/],
  ['a client jwksUri, which this version does not fetch', (c) => {
    c.clients[fapiIndex] = { ...c.clients[fapiIndex], jwksFile: undefined, jwksUri: 'https://tpp.example/jwks' };
  }, /^clients\[\d+\]\.jwksUri$/],
  ['an unknown top-level key', (c) => (c.bogus = 1), 'bogus'],
  ['an unknown key under server', (c) => (c.server.bogusKey = 'x'), 'server.bogusKey'],
  ['an unknown key in a client', (c) => (c.clients[0].redirectUri = 'https://x.example/'), 'clients[0].redirectUri'],
  ['a missing publicUrl', (c) => delete c.server.publicUrl, 'server.publicUrl'],
  ['an http publicUrl', (c) => (c.server.publicUrl = 'http://as.fapid.test'), 'server.publicUrl'],
  ['a publicUrl with a query', (c) => (c.server.publicUrl = 'https://as.fapid.test/?a=b'), 'server.publicUrl'],
  ['an http mtlsUrl', (c) => (c.server.mtlsUrl = 'http://mtls.fapid.test'), 'server.mtlsUrl'],
  ['client_secret_post for a FAPI client',
    (c) => (c.clients[fapiIndex].tokenEndpointAuthMethod = 'client_secret_post'),
    () => `clients[${fapiIndex}].tokenEndpointAuthMethod`],
  ['an unknown client auth method',
    (c) => (c.clients[portalIndex].tokenEndpointAuthMethod = 'none'),
    () => `clients[${portalIndex}].tokenEndpointAuthMethod`],
  ['a client secret that is in neither the secrets dir nor the environment',
    (c) => (c.clients[portalIndex].clientSecretName = 'no-such-secret'),
    () => new RegExp(`^${escapeRe(`clients[${portalIndex}]`)}\\.clientSecret(Name|Key)?$`)],
  ['a client secret name that walks out of secretsDir',
    (c) => (c.clients[portalIndex].clientSecretName = '..'),
    () => `clients[${portalIndex}].clientSecretName`],
  ['a missing key file', (c) => (c.keys[0].file = '/nonexistent/fapid/key.pem'), 'keys[0].file'],
  ['an algorithm outside the allow-list', (c) => (c.keys[0].alg = 'RS256'), 'keys[0].alg'],
  ['a key type that does not match its alg (an EC key declared PS256)',
    (c) => Object.assign(c.keys[1], { alg: 'PS256', active: false }), /^keys\[1\]\.(alg|file)$/],
  ['two active keys for one use and alg', (c) => (c.keys[1] = { ...c.keys[0], kid: 'second' }), 'keys[1].active'],
  ['a duplicate kid', (c) => (c.keys[1].kid = c.keys[0].kid), 'keys[1].kid'],
  ['a duplicate clientId',
    (c) => c.clients.push(structuredClone(c.clients[0])),
    () => `clients[${base.clients.length}].clientId`],
  ['a bad duration', (c) => (c.server.limits = { headerTimeout: 'ten seconds' }), 'server.limits.headerTimeout'],
  ['a duration without a unit', (c) => (c.server.limits = { bodyTimeout: '10' }), 'server.limits.bodyTimeout'],
  ['a negative size limit', (c) => (c.server.limits = { maxBodyBytes: -1 }), 'server.limits.maxBodyBytes'],
  ['a port out of range', (c) => (c.server.listeners.tls.port = 70000), 'server.listeners.tls.port'],
  ['a missing TLS certificate', (c) => (c.server.tls.certificate = '/nonexistent/server.crt'), 'server.tls.certificate'],
  ['a non-https redirect URI', (c) => (c.clients[fapiIndex].redirectUris = ['http://tpp-one.example/cb']),
    () => new RegExp(`^${escapeRe(`clients[${fapiIndex}].redirectUris`)}(\\[0\\])?$`)],
  ['an unknown log level', (c) => (c.logging.level = 'verbose'), 'logging.level'],
];

const pathMatcher = (expected) => {
  const e = typeof expected === 'function' ? expected() : expected;
  return e instanceof RegExp ? e : new RegExp(`^${escapeRe(e)}$`);
};

describe('check-config reports each error with its YAML path and exits 2', () => {
  test('the base configuration of these tests is valid (control)', async () => {
    const r = await checkConfig(base);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^configuration OK/m);
  });

  for (const [name, mutate, expected] of cases) {
    test(name, async () => {
      const cfg = structuredClone(base);
      mutate(cfg);
      const r = await checkConfig(cfg);
      assert.equal(r.code, EXIT_CONFIG_ERROR, `exit code; stderr:\n${r.stderr}`);
      assert.doesNotMatch(r.stdout, /configuration OK/);
      const lines = errorLines(r.stderr);
      assert.ok(lines.length >= 1, `at least one "error: " line:\n${r.stderr}`);
      const re = pathMatcher(expected);
      const paths = lines.map((l) => l.slice('error: '.length).split(': ')[0]);
      assert.ok(paths.some((pth) => re.test(pth)), `an error for ${re} among:\n${lines.join('\n')}`);
      for (const l of lines) assert.match(l, /^error: \S+: \S/, `"error: <path>: <message>" form: ${l}`);
    });
  }

  test('several errors are all listed at once', async () => {
    const cfg = deepMerge(base, { bogus: 1, server: { publicUrl: undefined, limits: { headerTimeout: 'soon' } } });
    cfg.keys[0].file = '/nonexistent/fapid/key.pem';
    const r = await checkConfig(cfg);
    assert.equal(r.code, EXIT_CONFIG_ERROR);
    const text = errorLines(r.stderr).join('\n');
    for (const pth of ['bogus', 'server.publicUrl', 'server.limits.headerTimeout', 'keys[0].file'])
      assert.match(text, new RegExp(`^error: ${escapeRe(pth)}: `, 'm'), `${pth} in:\n${r.stderr}`);
  });

  test('a file that is not YAML is an error, not a crash', async () => {
    const r = await fapid(['check-config', '--config', writeConfig('server: [unclosed\n  - {')]);
    assert.equal(r.code, EXIT_CONFIG_ERROR, r.stderr);
    assert.ok(errorLines(r.stderr).length >= 1, r.stderr);
  });

  test('a missing configuration file is an error naming the file', async () => {
    const missing = path.join(tempDir(), 'absent.yaml');
    const r = await fapid(['check-config', '--config', missing]);
    assert.equal(r.code, EXIT_CONFIG_ERROR, r.stderr);
    assert.ok(r.stderr.includes(missing), r.stderr);
  });

  test('an error message never echoes the client secret', async () => {
    const secretFile = p.file('secrets/portal-secret/client-secret');
    const secret = fs.readFileSync(secretFile, 'utf8').trim();
    const cfg = structuredClone(base);
    cfg.clients[portalIndex].tokenEndpointAuthMethod = 'bogus_method';
    const r = await checkConfig(cfg);
    assert.equal(r.code, EXIT_CONFIG_ERROR);
    assert.ok(secret.length >= 8 && !r.stderr.includes(secret) && !r.stdout.includes(secret));
  });
});

describe('fapid serve refuses a broken configuration', () => {
  test('with a non-zero exit and the same error lines as check-config, binding nothing', async () => {
    const cfg = deepMerge(base, { bogus: 1, server: { limits: { headerTimeout: 'soon' } } });
    const file = writeConfig(cfg);
    const checked = await fapid(['check-config', '--config', file]);
    const served = await fapid(['serve', '--config', file], { timeout: 15_000 });
    assert.notEqual(served.code, 0);
    assert.equal(served.code, EXIT_CONFIG_ERROR);
    const expected = errorLines(checked.stderr);
    assert.ok(expected.length >= 2);
    for (const line of expected) assert.ok(served.stderr.includes(line), `serve printed "${line}":\n${served.stderr}`);
    assert.doesNotMatch(served.stderr, /"event":"listening"/);
  });
});

describe('the example configuration', () => {
  test('deploy/config.example.yaml, pointed at a fresh dev PKI, passes check-config', async () => {
    const text = await exampleConfigText();
    const r = await fapid(['check-config', '--config', writeConfig(text, 'config.example.yaml')], {
      cwd: SOURCE_DIR,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^configuration OK/m);
  });
});

describe('command line', () => {
  test('--help prints the usage and every subcommand, exit 0', async () => {
    const r = await fapid(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['serve', 'check-config', '--config']) assert.ok(r.stdout.includes(word), word);
  });

  for (const cmd of ['serve', 'check-config']) {
    test(`${cmd} --help documents --config, exit 0`, async () => {
      const r = await fapid([cmd, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`fapid ${cmd}`));
      assert.match(r.stdout, /--config FILE/);
    });
  }

  test('an unknown command exits 2 with the usage on stderr', async () => {
    const r = await fapid(['frobnicate']);
    assert.equal(r.code, EXIT_CONFIG_ERROR);
    assert.match(r.stderr, /Usage:/);
    assert.equal(r.stdout, '');
  });

  test('serve without --config exits 2', async () => {
    const r = await fapid(['serve']);
    assert.equal(r.code, EXIT_CONFIG_ERROR);
    assert.match(r.stderr, /--config/);
  });
});
