// Graceful shutdown (ATTACKS R09; issue 2 "Listeners"): on SIGTERM stop accepting, finish in-flight
// requests, exit 0; idle connections and over-long requests never hold the process past the grace period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectUntilClose, connectTls, ms, parseRawResponse, sleep, startServer, tcpProbe } from './harness.mjs';

const DISCOVERY = '/auth/.well-known/openid-configuration';

function exitedWithin(server, limit) {
  return Promise.race([server.exited, sleep(limit).then(() => 'still running')]);
}

test('R09 an in-flight request started before SIGTERM gets its full response; new connections are refused; exit 0', async () => {
  const server = await startServer({ overrides: { server: { shutdownGrace: '10s' } } });
  try {
    const body = 'client_id=tpp-one&x=1'; // 21 bytes, sent in two parts around the SIGTERM
    const socket = await connectTls(server.tlsPort, server.ca);
    const response = collectUntilClose(socket, ms(10_000));
    socket.write(
      `POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await sleep(ms(300));

    server.child.kill('SIGTERM');
    await sleep(ms(500));
    assert.equal(server.exitStatus, undefined, 'still draining the in-flight request');
    assert.equal(await tcpProbe(server.tlsPort), 'ECONNREFUSED', 'TLS listener no longer accepts');
    assert.equal(await tcpProbe(server.mtlsPort), 'ECONNREFUSED', 'mTLS listener no longer accepts');

    socket.write(body.slice(5));
    const r = await response;
    const res = parseRawResponse(r.data);
    assert.equal(res.status, 405, `a complete response to the in-flight request:\n${r.data}`);
    assert.match(res.headers.allow ?? '', /\bGET\b/);
    assert.equal(Buffer.byteLength(res.body), Number(res.headers['content-length']), 'the whole body arrived');
    assert.ok(r.closed, 'the connection is closed after the last response');

    const status = await exitedWithin(server, ms(5_000));
    assert.deepEqual(status, { code: 0, signal: null });
  } finally {
    await server.stop('SIGKILL');
  }
});

test('R09 an idle keep-alive connection does not hold the shutdown for the grace period', async () => {
  const server = await startServer({ overrides: { server: { shutdownGrace: '20s' } } });
  try {
    const socket = await connectTls(server.tlsPort, server.ca);
    const firstResponse = new Promise((resolve) => socket.once('data', resolve));
    socket.write(`GET ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    assert.match((await firstResponse).toString('latin1'), /^HTTP\/1\.1 200/);
    const closed = collectUntilClose(socket, ms(10_000));

    const t0 = Date.now();
    server.child.kill('SIGTERM');
    const status = await exitedWithin(server, ms(5_000));
    assert.deepEqual(status, { code: 0, signal: null }, `exited promptly (${Date.now() - t0} ms)`);
    assert.ok((await closed).closed, 'the idle connection was closed');
  } finally {
    await server.stop('SIGKILL');
  }
});

test('R09 a request still incomplete when shutdownGrace ends does not keep the process alive', async () => {
  const server = await startServer({ overrides: { server: { shutdownGrace: '1s' } } });
  try {
    const socket = await connectTls(server.tlsPort, server.ca);
    socket.on('error', () => {});
    socket.write(`POST ${DISCOVERY} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc`);
    await sleep(ms(200));
    const t0 = Date.now();
    server.child.kill('SIGTERM');
    const status = await exitedWithin(server, ms(5_000));
    assert.notEqual(status, 'still running', 'exited after the grace period');
    assert.equal(status.signal, null, 'exited by itself, not killed');
    assert.ok(Date.now() - t0 >= 800, 'but not before the grace period');
    socket.destroy();
  } finally {
    await server.stop('SIGKILL');
  }
});

test('SIGINT stops the server gracefully too', async () => {
  const server = await startServer();
  const status = await server.stop('SIGINT');
  assert.deepEqual(status, { code: 0, signal: null });
});
