// Structured logging (issue 2 "Logging"; SPEC T14): JSON lines with a request id equal to the
// response's X-Request-Id, and never a secret, token, code or assertion in any line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { canary, pki, sleep, startServer } from './harness.mjs';

const DISCOVERY = '/auth/.well-known/openid-configuration';
let server;
let canaries;

before(async () => {
  const p = await pki();
  canaries = {
    clientSecret: canary('client-secret'),
    query: canary('query-code'),
    body: canary('body-assertion'),
    bearer: canary('bearer-token'),
    basic: canary('basic-password'),
    cookie: canary('cookie'),
    dpop: canary('dpop'),
  };
  // The portal client's mounted secret, read by the server at start-up.
  fs.writeFileSync(p.file('secrets/portal-secret/client-secret'), canaries.clientSecret);
  // Debug level: the most the server would ever log.
  server = await startServer({ overrides: { logging: { level: 'debug' } } });
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

test('T14 no log line contains a secret, token, code or assertion sent in a query, body or header', async () => {
  const basic = Buffer.from(`backoffice-portal:${canaries.basic}`).toString('base64');
  const requests = [
    { path: `${DISCOVERY}?code=${canaries.query}&client_secret=${canaries.query}` },
    { path: `/auth/token?code=${canaries.query}` },
    {
      path: DISCOVERY, method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_assertion=${canaries.body}&client_secret=${canaries.body}`,
    },
    { path: '/auth/jwks', headers: { authorization: `Bearer ${canaries.bearer}`, dpop: canaries.dpop } },
    { path: '/auth-nonfapi/jwks', headers: { authorization: `Basic ${basic}`, cookie: `session=${canaries.cookie}` } },
    { path: '/no-such-path', headers: { authorization: `Bearer ${canaries.bearer}` } },
  ];
  for (const r of requests) await server.request(r);
  await sleep(200);

  const output = server.allOutput();
  assert.ok(server.requestLogLines().length >= requests.length, 'the requests were logged');
  for (const [what, value] of Object.entries(canaries)) {
    assert.ok(!output.includes(value), `${what} canary found in the log:\n${output.split('\n').filter((l) => l.includes(value)).join('\n')}`);
  }
  // The base64 of the Basic credentials is as secret as the password itself.
  assert.ok(!output.includes(basic), 'Basic credentials found in the log');
});

test('every stderr line is a JSON object with ts, level and event', () => {
  for (const line of server.logs()) {
    assert.equal(line.raw, undefined, `not JSON: ${line.raw}`);
    assert.equal(typeof line.ts, 'string');
    assert.match(line.level, /^(debug|info|warn|error)$/);
    assert.equal(typeof line.event, 'string');
  }
});

test('every request produces one http_request line carrying the response X-Request-Id', async () => {
  const responses = [];
  for (const r of [{ path: DISCOVERY }, { path: '/auth/jwks', method: 'PUT', body: '' }, { path: '/nope' }])
    responses.push(await server.request(r));
  responses.push(await server.request({ listener: 'ops', path: '/healthz' }));
  await sleep(200);

  for (const res of responses) {
    const id = res.headers['x-request-id'];
    assert.ok(id, 'X-Request-Id');
    const lines = server.requestLogLines().filter((l) => Object.values(l).includes(id));
    assert.equal(lines.length, 1, `one http_request line with request id ${id}`);
    assert.equal(lines[0].status, res.status, 'the line records the status');
  }
});

test('a client-supplied X-Request-Id does not replace the server\'s own id', async () => {
  const forged = canary('forged-id');
  const res = await server.request({ path: DISCOVERY, headers: { 'x-request-id': forged } });
  assert.notEqual(res.headers['x-request-id'], forged);
});
