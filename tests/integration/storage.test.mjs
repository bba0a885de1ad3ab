// Storage as the binary sees it (issue 3): the embedded SQLite file, `fapid migrate`, and /readyz
// following a real Redis and PostgreSQL (scripts/services.sh) going away and coming back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR, baseConfig, fapid, ms, pki, sleep, startServer, writeConfig } from './harness.mjs';

const SERVICES = path.join(SOURCE_DIR, 'scripts', 'services.sh');

function services(command) {
  execFileSync(SERVICES, [command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function requireEnv(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is unset: run the tests through scripts/test.sh, or eval "$(scripts/services.sh start)" first`);
  return value;
}

// A configuration on PostgreSQL + Redis, in a schema and key prefix of its own.
async function productionConfig() {
  const cfg = baseConfig(await pki());
  const id = crypto.randomBytes(6).toString('hex');
  cfg.storage = {
    kind: 'postgres',
    url: requireEnv('FAPID_TEST_POSTGRES_URL'),
    schema: `it_${id}`,
    healthInterval: '200ms',
    maxReconnectBackoff: '1s',
    redis: { url: requireEnv('FAPID_TEST_REDIS_URL'), keyPrefix: `it:${id}:` },
  };
  return cfg;
}

async function waitForReadiness(server, expected, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const res = await server.request({ listener: 'ops', path: '/readyz' });
    if (res.status === expected) return Date.now();
    assert.ok(Date.now() < deadline, `/readyz still ${res.status}, expected ${expected}`);
    await sleep(50);
  }
}

const servers = [];
after(async () => {
  // Leave the services up for the next test file whatever happened here.
  services('start-redis');
  services('start-postgres');
  for (const s of servers) await s.stop();
});

test('the embedded store is one SQLite file, created with its directory, readable only by the server', async () => {
  const server = await startServer({ overrides: { storage: { kind: 'embedded', path: 'state/sub/fapid.db' } } });
  servers.push(server);
  const dir = path.join(path.dirname(server.configPath), 'state', 'sub');
  const file = path.join(dir, 'fapid.db');
  assert.ok(fs.existsSync(file), 'the database file exists');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  const ready = await server.request({ listener: 'ops', path: '/readyz' });
  assert.equal(ready.status, 200);
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});

test('fapid migrate brings the embedded store to the current schema and is a no-op the second time', async () => {
  const cfg = baseConfig(await pki());
  const configPath = writeConfig(cfg);
  const cwd = path.dirname(configPath);
  const first = await fapid(['migrate', '--config', configPath], { cwd });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^sqlite: schema v0 -> v(\d+)/m);
  const second = await fapid(['migrate', '--config', configPath], { cwd });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^sqlite: schema v(\d+) is current/m);
});

test('fapid migrate on PostgreSQL applies the migrations once, then reports the schema current', async () => {
  const cfg = await productionConfig();
  const configPath = writeConfig(cfg);
  const first = await fapid(['migrate', '--config', configPath]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^postgres: schema v0 -> v\d+/m);
  const second = await fapid(['migrate', '--config', configPath]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^postgres: schema v\d+ is current/m);
});

test('an unreachable database stops the start with exit 1 and a message that names the store', async () => {
  const cfg = await productionConfig();
  cfg.storage.url = 'postgresql://fapid@127.0.0.1:1/fapid_test';
  cfg.storage.connectTimeout = '2s';
  const configPath = writeConfig(cfg);
  const result = await fapid(['serve', '--config', configPath], { cwd: path.dirname(configPath) });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /postgres/);
  assert.doesNotMatch(result.stderr, /"event":"listening"/);
});

test('/readyz reports not ready while Redis is down and ready again once it is back, without a restart', async () => {
  const server = await startServer({ config: await productionConfig() });
  servers.push(server);
  await waitForReadiness(server, 200, ms(5_000));
  services('stop-redis');
  await waitForReadiness(server, 503, ms(5_000));
  await server.waitForLog((l) => l.event === 'store_unreachable' && l.store === 'redis');
  services('start-redis');
  const started = Date.now();
  const recovered = await waitForReadiness(server, 200, ms(8_000));
  assert.ok(recovered - started < ms(6_000), `recovered in ${recovered - started} ms`);
  await server.waitForLog((l) => l.event === 'store_recovered' && l.store === 'redis');
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});

test('/readyz reports not ready while PostgreSQL is down and ready again once it is back', async () => {
  const server = await startServer({ config: await productionConfig() });
  servers.push(server);
  await waitForReadiness(server, 200, ms(5_000));
  services('stop-postgres');
  await waitForReadiness(server, 503, ms(5_000));
  services('start-postgres');
  await waitForReadiness(server, 200, ms(8_000));
  await server.waitForLog((l) => l.event === 'store_recovered' && l.store === 'postgres');
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});
