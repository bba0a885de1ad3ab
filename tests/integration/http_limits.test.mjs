// HTTP parsing limits and error answers (ATTACKS H01, H02, H03; issue 2 "Listeners", "Two routing trees").
// Raw bytes go over tls.connect so that the exact request, including malformed ones, reaches the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertError, collectUntilClose, connectTls, ms, parseRawResponse, rawTls, sleep, startServer,
} from './harness.mjs';

const MAX_BODY = 4096;
const MAX_HEADER = 8192;
const HEADER_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 2000;
const DISCOVERY = '/auth/.well-known/openid-configuration';

let server;

before(async () => {
  server = await startServer({
    overrides: {
      server: {
        limits: { maxBodyBytes: MAX_BODY, maxHeaderBytes: MAX_HEADER, headerTimeout: '1s', keepAliveTimeout: '2s' },
      },
    },
  });
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

const raw = (bytes, opts) => rawTls(server.tlsPort, server.ca, bytes, opts);

describe('routing errors', () => {
  test('an unknown path answers 404 not_found as JSON', async () => {
    const res = await server.request({ path: '/auth/no-such-endpoint' });
    assertError(res, 404, 'not_found');
  });

  test('a path outside both trees answers 404 not_found', async () => {
    assertError(await server.request({ path: '/' }), 404, 'not_found');
    assertError(await server.request({ path: '/authx/.well-known/openid-configuration' }), 404, 'not_found');
  });

  test('a wrong method answers 405 with an Allow header naming GET', async () => {
    const res = await server.request({ path: '/auth/jwks', method: 'DELETE' });
    assertError(res, 405, 'method_not_allowed');
    assert.match(res.headers.allow ?? '', /\bGET\b/);
  });

  test('every response carries a distinct X-Request-Id', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await server.request({ path: DISCOVERY })).headers['x-request-id']);
    ids.push((await server.request({ path: '/nope' })).headers['x-request-id']);
    for (const id of ids) assert.ok(id && id.length >= 8, `id ${id}`);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('size limits (H02)', () => {
  test('H02 a body over maxBodyBytes answers 413 and closes the connection', async () => {
    const body = 'a='.padEnd(MAX_BODY + 100, 'x');
    const r = await raw(
      `POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    assert.equal(parseRawResponse(r.data).status, 413, r.data);
    assert.ok(r.closed, 'connection closed');
  });

  test('H02 a declared Content-Length over the limit is refused before the body is sent', async () => {
    const r = await raw(`POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\n\r\n`);
    assert.equal(parseRawResponse(r.data).status, 413, r.data);
    assert.ok(r.closed, 'connection closed');
  });

  test('H02 a chunked body over the limit answers 413', async () => {
    const chunk = 'x'.repeat(1024);
    let req = `POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n`;
    for (let i = 0; i < 8; i++) req += `400\r\n${chunk}\r\n`;
    req += '0\r\n\r\n';
    const r = await raw(req);
    assert.equal(parseRawResponse(r.data).status, 413, r.data);
    assert.ok(r.closed, 'connection closed');
  });

  test('H02 a body under the limit is read (405 for POST to discovery, not 413)', async () => {
    const res = await server.request({ path: DISCOVERY, method: 'POST', body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 405, res.body);
  });

  test('H02 headers over maxHeaderBytes answer 431 and close the connection', async () => {
    const r = await raw(`GET ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(MAX_HEADER + 100)}\r\n\r\n`);
    assert.equal(parseRawResponse(r.data).status, 431, r.data);
    assert.ok(r.closed, 'connection closed');
  });

  test('H02 headers just under the limit are accepted', async () => {
    const res = await server.request({ path: DISCOVERY, headers: { 'x-filler': 'a'.repeat(MAX_HEADER - 1024) } });
    assert.equal(res.status, 200);
  });
});

describe('request smuggling (H01): 400 and the connection closed', () => {
  const post = `POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\n`;
  const cases = [
    ['Transfer-Encoding then Content-Length', `${post}Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`],
    ['Content-Length then Transfer-Encoding', `${post}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['TE: gzip with Content-Length', `${post}Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello`],
    ['TE: gzip alone (chunked not final)', `${post}Transfer-Encoding: gzip\r\n\r\nhello`],
    ['TE: chunked, gzip (chunked not final)', `${post}Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n`],
    ['chunked on HTTP/1.0', `POST ${DISCOVERY} HTTP/1.0\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['conflicting duplicate Content-Length', `${post}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`],
    ['obs-fold header continuation', `GET ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nX-Folded: a\r\n  b\r\n\r\n`],
  ];
  for (const [name, bytes] of cases) {
    test(`H01 ${name}`, async () => {
      // A second, valid request is pipelined behind: it must never be answered (no desync).
      const r = await raw(`${bytes}GET ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      const first = parseRawResponse(r.data);
      assert.equal(first.status, 400, r.data);
      assert.ok(r.closed, 'connection closed');
      assert.equal((r.data.match(/HTTP\/1\.[01] \d{3}/g) ?? []).length, 1, `exactly one response:\n${r.data}`);
    });
  }
});

describe('slow clients (H03)', () => {
  test('H03 a client trickling header bytes is disconnected at headerTimeout while others are served', async () => {
    const slow = await connectTls(server.tlsPort, server.ca);
    const started = Date.now();
    const closed = collectUntilClose(slow, ms(HEADER_TIMEOUT_MS * 6));
    const header = `GET ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${'s'.repeat(200)}\r\n\r\n`;
    let stopTrickle = false;
    const trickle = (async () => {
      for (const ch of header) {
        if (stopTrickle || slow.destroyed) return;
        slow.write(ch);
        await sleep(100); // well under headerTimeout between bytes: only a whole-header deadline stops it
      }
    })();

    await sleep(300);
    const normal = await server.request({ path: DISCOVERY });
    assert.equal(normal.status, 200, 'a normal request is served while the slow one trickles');

    const r = await closed;
    stopTrickle = true;
    await trickle;
    const elapsed = Date.now() - started;
    assert.ok(r.closed, `slow connection closed (after ${elapsed} ms)`);
    assert.ok(elapsed >= HEADER_TIMEOUT_MS * 0.9, `not before the deadline: ${elapsed} ms`);
    assert.ok(elapsed <= ms(HEADER_TIMEOUT_MS + 2000), `near the deadline: ${elapsed} ms`);
    const status = parseRawResponse(r.data).status;
    assert.ok(status === undefined || status === 408, `no response, or 408: ${r.data}`);
  });

  test('H03 an idle connection that never sends a request is closed', async () => {
    const idle = await connectTls(server.tlsPort, server.ca);
    const r = await collectUntilClose(idle, ms(HEADER_TIMEOUT_MS * 6));
    assert.ok(r.closed, 'closed');
    assert.ok(r.elapsed <= ms(KEEP_ALIVE_TIMEOUT_MS + 2000), `after ${r.elapsed} ms`);
  });
});

describe('Expect: 100-continue (RFC 9110 §10.1.1)', () => {
  test('a client that waits for 100 Continue is invited, then gets the final answer', async () => {
    const socket = await connectTls(server.tlsPort, server.ca);
    const body = 'a=1';
    let received = '';
    const got100 = new Promise((resolve) => {
      socket.on('data', (c) => {
        received += c.toString('latin1');
        if (received.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) resolve();
      });
    });
    socket.write(`POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
    await Promise.race([got100, sleep(ms(2_000)).then(() => assert.fail(`no 100 Continue, got ${JSON.stringify(received)}`))]);
    const rest = collectUntilClose(socket);
    socket.write(body);
    await rest;
    socket.destroy();
    const final = parseRawResponse(received.slice('HTTP/1.1 100 Continue\r\n\r\n'.length));
    assert.equal(final.status, 405, 'the final response follows the interim one');
  });

  test('a body declared over the limit is refused with 413 instead of invited', async () => {
    const r = await raw(`POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${MAX_BODY + 1}\r\n` +
      'Expect: 100-continue\r\n\r\n');
    assert.ok(!r.data.startsWith('HTTP/1.1 100'), 'no 100 Continue for an oversized body');
    assert.equal(parseRawResponse(r.data).status, 413);
  });
});
