// The FAPI flow on PostgreSQL + Redis as several instances run it (DESIGN.md: stateless instances; ATTACKS
// R01, R03, R04): each step may land on another instance, and a store outage is 503 temporarily_unavailable,
// never invalid_client or invalid_grant, with nothing lost: the code or token works once the store is back.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SOURCE_DIR, assertError, baseConfig, ms, pki, sleep, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const SERVICES = path.join(SOURCE_DIR, 'scripts', 'services.sh');
const services = (command) => execFileSync(SERVICES, [command], { stdio: ['ignore', 'ignore', 'inherit'] });

let a, b, client;
before(async () => {
  const p = await pki();
  const id = crypto.randomBytes(6).toString('hex');
  for (const name of ['FAPID_TEST_POSTGRES_URL', 'FAPID_TEST_REDIS_URL'])
    assert.ok(process.env[name], `${name} is unset: run through scripts/test.sh or eval "$(scripts/services.sh start)"`);
  // Two instances sharing one schema and one key prefix: a deployment behind a load balancer.
  const storage = {
    kind: 'postgres', path: undefined, url: process.env.FAPID_TEST_POSTGRES_URL, schema: `it_${id}`, healthInterval: '200ms',
    maxReconnectBackoff: '1s', redis: { url: process.env.FAPID_TEST_REDIS_URL, keyPrefix: `it:${id}:` },
  };
  a = await startServer({ overrides: { storage } });
  b = await startServer({ overrides: { storage } });
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  client = f.flowClient('tpp-one', sign, { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') });
  assert.ok(baseConfig(p).clients.some((c) => c.clientId === 'tpp-one'));
});
after(async () => {
  services('start-redis');
  services('start-postgres');
  await a?.stop();
  await b?.stop();
});

async function eventually(fn, timeout = ms(10_000)) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const res = await fn();
    if (res.status < 500 || Date.now() > deadline) return res;
    await sleep(100);
  }
}

// An instance reconnects after its back-off (at most maxReconnectBackoff) and its next health check: each
// test starts once both say they are ready again, as a load balancer would wait for them.
beforeEach(async () => {
  for (const server of [a, b]) {
    const ready = await eventually(() => server.request({ listener: 'ops', path: '/readyz' }));
    assert.equal(ready.status, 200, 'the instance recovered from the previous outage');
  }
});

test('every step of a flow may run on another instance: PAR on A, authorize on B, approve on A, token on B, refresh on A', async () => {
  const { par, verifier } = await f.pushAuthorization(a, client);
  assert.equal(par.status, 201, par.body);
  const { res, interactionId } = await f.authorize(b, { client_id: 'tpp-one', request_uri: par.json.request_uri });
  assert.equal(res.status, 303, res.body);
  const done = await f.completeInteraction(a, interactionId);
  assert.equal(done.status, 303, done.body);
  const tok = await f.redeemCode(b, client, f.responseParams(done.headers.location).code, verifier);
  assert.equal(tok.status, 200, tok.body);
  const refreshed = await f.refreshGrant(a, client, tok.json.refresh_token);
  assert.equal(refreshed.status, 200, refreshed.body);
  assert.equal((await f.introspect(b, client, refreshed.json.access_token)).json.active, true);
  // A replay on the other instance is still caught (T01 across instances).
  const replay = await f.redeemCode(a, client, f.responseParams(done.headers.location).code, verifier);
  assertError(replay, 400, 'invalid_grant');
  assert.equal((await f.introspect(b, client, tok.json.access_token)).json.active, false);
});

test('R03 with Redis down, PAR and token answer 503 temporarily_unavailable, never invalid_client; the code still works afterwards', async () => {
  const flow = await f.authorizeFlow(a, client);
  const code = f.responseParams(flow.done.headers.location).code;
  services('stop-redis');
  try {
    const par = await f.pushAuthorization(a, client);
    assertError(par.par, 503, 'temporarily_unavailable');
    const tok = await f.redeemCode(b, client, code, flow.verifier);
    assertError(tok, 503, 'temporarily_unavailable');
  } finally {
    services('start-redis');
  }
  const tok = await eventually(async () => f.redeemCode(b, client, code, flow.verifier));
  assert.equal(tok.status, 200, `the code survives the outage: ${tok.body}`);
});

test('R04 with PostgreSQL down, a code redemption answers 503 and nothing is lost: the same code is redeemed once it is back', async () => {
  const flow = await f.authorizeFlow(a, client);
  const code = f.responseParams(flow.done.headers.location).code;
  services('stop-postgres');
  try {
    const tok = await f.redeemCode(a, client, code, flow.verifier);
    assertError(tok, 503, 'temporarily_unavailable');
    // A self-contained client_credentials token needs no durable write (its jti goes to Redis); whether it is
    // revoked does, so using it fails closed until PostgreSQL is back.
    const cc = await f.flowPost(a, client, '/auth/token', { grant_type: 'client_credentials', scope: 'consents', ...(await f.clientAuth(client)) });
    assert.equal(cc.status, 200, cc.body);
    assertError(await f.introspect(a, client, cc.json.access_token), 503, 'temporarily_unavailable');
    assertError(await f.userinfo(a, client, cc.json.access_token), 503, 'temporarily_unavailable');
  } finally {
    services('start-postgres');
  }
  const tok = await eventually(async () => f.redeemCode(a, client, code, flow.verifier));
  assert.equal(tok.status, 200, `the code was not consumed by the failed attempt: ${tok.body}`);
  const replay = await f.redeemCode(b, client, code, flow.verifier);
  assertError(replay, 400, 'invalid_grant');
});

const redisCli = (...args) => {
  const url = new URL(process.env.FAPID_TEST_REDIS_URL);
  return execFileSync('redis-cli', ['-h', url.hostname, '-p', url.port, ...args], { encoding: 'utf8' });
};

test('R01 a Redis restart between PAR and /authorize: the pushed request survives (append-only file), the flow completes, no 5xx', async () => {
  const { par, verifier } = await f.pushAuthorization(a, client);
  assert.equal(par.status, 201, par.body);
  await sleep(1500);  // appendfsync everysec: what is older than a second is on disk
  services('restart-redis');
  const { res, interactionId } = await eventually(async () => {
    const r = await f.authorize(b, { client_id: 'tpp-one', request_uri: par.json.request_uri });
    return Object.assign(r, { status: r.res.status });
  });
  assert.equal(res.status, 303, res.body);
  // Instance A may still hold a connection to the Redis that went away: its first use is a 503 (the
  // command never reached the new Redis, so nothing was consumed), and the next one succeeds.
  const done = await eventually(() => f.completeInteraction(a, interactionId));
  assert.equal(done.status, 303, done.body);
  const tok = await f.redeemCode(b, client, f.responseParams(done.headers.location).code, verifier);
  assert.equal(tok.status, 200, tok.body);
});

test('R02 after FLUSHALL a used code is still refused (the durable grant row), and a request URI is gone, never reusable', async () => {
  const flow = await f.authorizeFlow(a, client);
  const code = f.responseParams(flow.done.headers.location).code;
  const tok = await f.redeemCode(a, client, code, flow.verifier);
  assert.equal(tok.status, 200, tok.body);
  const { par } = await f.pushAuthorization(a, client);
  redisCli('FLUSHALL');
  const replay = await f.redeemCode(b, client, code, flow.verifier);
  assertError(replay, 400, 'invalid_grant');
  assert.equal((await f.introspect(a, client, tok.json.access_token)).json.active, false, 'the replay revoked the first grant');
  const { res } = await f.authorize(b, { client_id: 'tpp-one', request_uri: par.json.request_uri });
  assert.equal(res.status, 400);
  assert.match(res.body, /invalid_request_uri/);
});
