// The plain-HTTP ops listener (issue 2 "Listeners"): health, readiness, Prometheus metrics, and the
// separation of ops routes from the TLS listeners.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, startServer } from './harness.mjs';

const DISCOVERY = '/auth/.well-known/openid-configuration';
let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

// Parses the Prometheus text exposition format 0.0.4 strictly enough to reject malformed output:
// returns { types: Map(name → type), samples: [{ name, labels, value }] }.
function parsePrometheus(text) {
  const types = new Map();
  const samples = [];
  const sampleRe = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
  assert.ok(text.endsWith('\n'), 'ends with a line feed');
  for (const line of text.split('\n').slice(0, -1)) {
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      assert.match(type, /^(counter|gauge|histogram|summary|untyped)$/, line);
      assert.ok(!types.has(name), `one TYPE line per metric: ${name}`);
      types.set(name, type);
      continue;
    }
    if (line.startsWith('#') || line === '') continue;
    const m = sampleRe.exec(line);
    assert.ok(m, `a valid sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[3]) {
      labelRe.lastIndex = 0;
      let consumed = 0;
      let lm;
      while (consumed < m[3].length && (lm = labelRe.exec(m[3]))) {
        labels[lm[1]] = lm[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        consumed = labelRe.lastIndex;
      }
      assert.equal(consumed, m[3].length, `valid labels: ${line}`);
    }
    const value = Number(m[4].replace(/^\+Inf$/, 'Infinity').replace(/^-Inf$/, '-Infinity'));
    assert.ok(!Number.isNaN(value) || m[4] === 'NaN', `numeric value: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { types, samples };
}

async function scrape() {
  const res = await server.request({ listener: 'ops', path: '/metrics' });
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/plain\b/);
  return parsePrometheus(res.body);
}

// Sum of the samples of every counter whose labels name `route` (any listener/method/status).
function routeCount(metrics, route, type) {
  let total = 0;
  let seen = false;
  for (const [name, t] of metrics.types) {
    if (t !== type) continue;
    const sampleName = type === 'histogram' ? `${name}_count` : name;
    for (const s of metrics.samples) {
      if (s.name !== sampleName || !Object.values(s.labels).includes(route)) continue;
      total += s.value;
      seen = true;
    }
  }
  return { total, seen };
}

test('/healthz answers 200', async () => {
  const res = await server.request({ listener: 'ops', path: '/healthz' });
  assert.equal(res.status, 200);
  assert.ok(res.headers['x-request-id']);
});

test('/readyz answers 200 when the server is ready', async () => {
  const res = await server.request({ listener: 'ops', path: '/readyz' });
  assert.equal(res.status, 200);
});

test('/metrics is valid Prometheus text with a request counter and a latency histogram', async () => {
  const m = await scrape();
  assert.ok([...m.types.values()].includes('counter'), 'a counter');
  assert.ok([...m.types.values()].includes('histogram'), 'a histogram');
  for (const [name, type] of m.types) {
    if (type !== 'histogram') continue;
    const inf = m.samples.filter((s) => s.name === `${name}_bucket` && s.labels.le === '+Inf');
    for (const b of inf) {
      const { le, ...series } = b.labels;
      const count = m.samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === JSON.stringify(series));
      assert.ok(count, `${name}_count for ${JSON.stringify(series)}`);
      assert.equal(count.value, b.value, `+Inf bucket equals _count (${name})`);
    }
  }
});

test('the discovery route counter and histogram grow by exactly the number of requests made', async () => {
  await server.request({ path: DISCOVERY }); // the route's series exist from here on
  const m0 = await scrape();
  const N = 7;
  for (let i = 0; i < N; i++) assert.equal((await server.request({ path: DISCOVERY })).status, 200);
  const m1 = await scrape();

  const c0 = routeCount(m0, DISCOVERY, 'counter');
  const c1 = routeCount(m1, DISCOVERY, 'counter');
  assert.ok(c0.seen && c1.seen, 'a counter labelled with the discovery route');
  assert.equal(c1.total - c0.total, N);

  const h0 = routeCount(m0, DISCOVERY, 'histogram');
  const h1 = routeCount(m1, DISCOVERY, 'histogram');
  assert.ok(h1.seen, 'a latency histogram labelled with the discovery route');
  assert.equal(h1.total - h0.total, N);
});

test('unknown paths are counted under one bounded label, not under their raw path', async () => {
  const raw = `/unknown-${Date.now()}`;
  await server.request({ path: raw });
  const res = await server.request({ listener: 'ops', path: '/metrics' });
  assert.ok(!res.body.includes(raw), 'a raw unmatched path would make metric cardinality unbounded');
});

test('ops routes are not served on the TLS listener', async () => {
  for (const p of ['/healthz', '/readyz', '/metrics']) assertError(await server.request({ path: p }), 404, 'not_found');
});

test('discovery and JWKS are not served on the ops listener', async () => {
  for (const p of [DISCOVERY, '/auth/jwks', '/auth-nonfapi/.well-known/openid-configuration']) {
    const res = await server.request({ listener: 'ops', path: p });
    assert.equal(res.status, 404, p);
  }
});
