// TLS of both listeners (SPEC T1, T2; ATTACKS H05, T09): protocol versions, the FAPI TLS 1.2 cipher
// suites, client-certificate enforcement on the mTLS listener, HSTS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { pki, startServer } from './harness.mjs';

// FAPI 1.0 Advanced §8.5: the only TLS 1.2 suites permitted.
const FAPI_TLS12_SUITES = [
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
];
const NON_FAPI_TLS12_SUITES = [
  'AES128-GCM-SHA256', // RSA key exchange: no forward secrecy
  'AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-SHA256', // CBC
  'ECDHE-RSA-AES256-SHA',
];
const TLS11_CLIENT = { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };

let server;
let p;

before(async () => {
  p = await pki();
  server = await startServer();
});

after(async () => {
  const status = await server?.stop();
  assert.deepEqual(status, { code: 0, signal: null }, 'server exits 0 on SIGTERM');
});

// Handshake, then one HTTP/1.1 request: resolves { ok, protocol, cipher, status } or { ok:false, code }.
// A TLS 1.3 server checks the client certificate after the client has finished its handshake, so a
// refusal may arrive only on the first read: that is why a request is always sent.
function attempt(port, options = {}) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: p.ca, servername: 'localhost', ...options });
    let info;
    let data = '';
    const finish = (r) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(5_000, () => finish({ ok: false, code: 'TIMEOUT' }));
    socket.once('secureConnect', () => {
      info = { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name };
      socket.write('GET /auth/.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (c) => (data += c.toString('latin1')));
    socket.once('error', (e) => finish({ ok: false, code: e.code ?? e.message, info }));
    socket.once('end', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      finish(m ? { ok: true, ...info, status: Number(m[1]) } : { ok: false, code: 'CLOSED_WITHOUT_RESPONSE', info });
    });
  });
}

describe('protocol versions (T1, H05)', () => {
  test('the test client really offers TLS 1.1 (control: a local TLS 1.1 server accepts it)', async () => {
    const control = tls.createServer(
      { key: p.read('server.key'), cert: p.read('server.crt'), minVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
      (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
    );
    control.on('tlsClientError', () => {});
    await new Promise((r) => control.listen(0, '127.0.0.1', r));
    try {
      const r = await attempt(control.address().port, TLS11_CLIENT);
      assert.equal(r.protocol, 'TLSv1.1', JSON.stringify(r));
    } finally {
      control.close();
    }
  });

  for (const listener of ['tls', 'mtls']) {
    test(`H05 the ${listener} listener refuses TLS 1.1 with a protocol_version alert`, async () => {
      const port = listener === 'tls' ? server.tlsPort : server.mtlsPort;
      const client = listener === 'mtls' ? { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') } : {};
      const r = await attempt(port, { ...TLS11_CLIENT, ...client });
      assert.equal(r.ok, false, JSON.stringify(r));
      // The server's alert, not a client-side "no protocols available".
      assert.equal(r.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    });
  }

  test('T1 TLS 1.0 is refused as well', async () => {
    const r = await attempt(server.tlsPort, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    assert.equal(r.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });

  test('T1 TLS 1.3 is accepted', async () => {
    const r = await attempt(server.tlsPort, { minVersion: 'TLSv1.3' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.protocol, 'TLSv1.3');
    assert.equal(r.status, 200);
  });

  test('T1 TLS 1.2 is accepted', async () => {
    const r = await attempt(server.tlsPort, { maxVersion: 'TLSv1.2' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.protocol, 'TLSv1.2');
  });
});

describe('TLS 1.2 cipher suites (T2, H05)', () => {
  for (const cipher of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384']) {
    test(`T2 ${cipher} is accepted`, async () => {
      const r = await attempt(server.tlsPort, { maxVersion: 'TLSv1.2', ciphers: cipher });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.cipher, cipher);
    });
  }

  for (const cipher of NON_FAPI_TLS12_SUITES) {
    for (const listener of ['tls', 'mtls']) {
      test(`H05 the non-FAPI suite ${cipher} is refused on the ${listener} listener`, async () => {
        const port = listener === 'tls' ? server.tlsPort : server.mtlsPort;
        const client = listener === 'mtls' ? { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') } : {};
        const r = await attempt(port, { maxVersion: 'TLSv1.2', ciphers: cipher, ...client });
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
      });
    }
  }

  test('T2 a client offering every suite gets a FAPI suite', async () => {
    const r = await attempt(server.tlsPort, { maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(FAPI_TLS12_SUITES.includes(r.cipher), r.cipher);
  });
});

describe('mTLS listener (T09)', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3']) {
    test(`T09 a ${version} handshake without a client certificate is refused`, async () => {
      const r = await attempt(server.mtlsPort, { minVersion: version, maxVersion: version });
      assert.equal(r.ok, false, JSON.stringify(r));
      assert.equal(r.status, undefined, 'no HTTP response');
      assert.match(r.code, /^ERR_SSL_.*ALERT|^ECONNRESET$/);
    });

    test(`T09 a ${version} handshake with an untrusted client certificate is refused`, async () => {
      const r = await attempt(server.mtlsPort, {
        minVersion: version, maxVersion: version,
        cert: p.read('untrusted/client.crt'), key: p.read('untrusted/client.key'),
      });
      assert.equal(r.ok, false, JSON.stringify(r));
      assert.equal(r.status, undefined, 'no HTTP response');
      assert.match(r.code, /^ERR_SSL_.*ALERT|^ECONNRESET$/);
    });

    test(`a ${version} handshake with tpp-one's certificate is accepted`, async () => {
      const r = await attempt(server.mtlsPort, {
        minVersion: version, maxVersion: version,
        cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key'),
      });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.protocol, version);
      assert.equal(r.status, 200);
    });
  }

  test('the browser-facing TLS listener does not require a client certificate', async () => {
    const r = await attempt(server.tlsPort, {});
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.status, 200);
  });
});

describe('HSTS', () => {
  for (const [listener, reqPath] of [['tls', '/auth/jwks'], ['tls', '/no-such-path'], ['mtls', '/auth/jwks']]) {
    test(`${listener} ${reqPath} carries Strict-Transport-Security with max-age of at least a year`, async () => {
      const client = listener === 'mtls' ? { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') } : {};
      const res = await server.request({ listener, path: reqPath, ...client });
      const hsts = res.headers['strict-transport-security'];
      assert.ok(hsts, 'header present');
      const m = /max-age=(\d+)/.exec(hsts);
      assert.ok(m && Number(m[1]) >= 31_536_000, hsts);
    });
  }

  test('the plain-HTTP ops listener does not send HSTS (RFC 6797 §7.2)', async () => {
    const res = await server.request({ listener: 'ops', path: '/healthz' });
    assert.equal(res.headers['strict-transport-security'], undefined);
  });
});
