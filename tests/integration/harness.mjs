// Test harness: drives the REAL fapid binary over real TLS on loopback.
//
// Each test file runs in its own node process (`node --test <file>`); it makes one development PKI in a
// temp dir (certs/make-dev-pki.sh), writes a YAML config per server with every port 0, starts
// `fapid serve`, and reads the bound ports from the `"event":"listening"` log line.
//
// Environment: FAPID_BIN (the binary; CTest sets it), FAPID_SOURCE_DIR (repo root; defaults to ../..),
// FAPID_TEST_PKI_DIR (a dev PKI made by CTest's fixture, copied per file; made here when unset),
// FAPID_TEST_TIMEOUT_SCALE (multiplies every wait; scripts/test.sh --sanitize sets 3),
// FAPID_KEEP_TMP=1 keeps the temp dirs (configs, PKI) for debugging.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = path.resolve(process.env.FAPID_SOURCE_DIR ?? path.join(here, '..', '..'));
export const FAPID_BIN = process.env.FAPID_BIN ?? findBinary();
export const TIMEOUT_SCALE = Number(process.env.FAPID_TEST_TIMEOUT_SCALE ?? 1) || 1;

// The URLs clients use. Deliberately not the loopback address the tests connect to: metadata must be
// built from configuration, never from the Host header of the request (SPEC D3).
export const PUBLIC_URL = 'https://as.fapid.test';
export const MTLS_URL = 'https://mtls.fapid.test';

export const ms = (n) => Math.round(n * TIMEOUT_SCALE);
export const sleep = (n) => new Promise((resolve) => setTimeout(resolve, n));

function findBinary() {
  for (const dir of ['build', 'build-release', 'build-asan']) {
    const candidate = path.join(SOURCE_DIR, dir, 'src', 'app', 'fapid');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('FAPID_BIN is not set and no built fapid was found; run the tests through ctest');
}

// ---- temp dirs and the development PKI --------------------------------------------------------------

const tempDirs = [];
process.on('exit', () => {
  if (process.env.FAPID_KEEP_TMP) return;
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'fapid-it-') {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

let pkiPromise;
// The dev PKI of this test file, made once: { dir, file(rel), read(rel), ca }. When CTest's fixture
// has made one already (FAPID_TEST_PKI_DIR), this file gets a private copy of it: a test may change
// its files (e.g. a client secret) without touching other files' servers, and RSA key generation is
// paid once per run instead of once per file.
export function pki() {
  pkiPromise ??= (async () => {
    const dir = path.join(tempDir('fapid-pki-'), 'dev');
    const shared = process.env.FAPID_TEST_PKI_DIR;
    if (shared && fs.existsSync(path.join(shared, 'ca.crt'))) {
      fs.cpSync(shared, dir, { recursive: true });
    } else {
      const script = path.join(SOURCE_DIR, 'certs', 'make-dev-pki.sh');
      const r = await run(script, [dir], { timeout: ms(60_000) });
      if (r.code !== 0) throw new Error(`make-dev-pki.sh failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    const file = (rel) => path.join(dir, rel);
    const read = (rel) => fs.readFileSync(file(rel), 'utf8');
    return { dir, file, read, ca: read('ca.crt') };
  })();
  return pkiPromise;
}

// ---- configuration ----------------------------------------------------------------------------------

// The configuration every server starts from. Each test file adjusts it through `overrides`
// (deep-merged: objects merge, arrays and scalars replace, `undefined` deletes a key).
export function baseConfig(p) {
  return {
    server: {
      publicUrl: PUBLIC_URL,
      mtlsUrl: MTLS_URL,
      listeners: {
        tls: { address: '127.0.0.1', port: 0 },
        mtls: { address: '127.0.0.1', port: 0 },
        ops: { address: '127.0.0.1', port: 0 },
      },
      tls: {
        certificate: p.file('server.crt'),
        privateKey: p.file('server.key'),
        clientCaFile: p.file('ca.crt'),
      },
      shutdownGrace: '10s',
    },
    keys: [
      { kid: 'sig-ps256-1', use: 'sig', alg: 'PS256', file: p.file('keys/signing-ps256.key'), active: true },
      { kid: 'sig-es256-1', use: 'sig', alg: 'ES256', file: p.file('keys/signing-es256.key'), active: true },
      { kid: 'enc-rsa-oaep-1', use: 'enc', alg: 'RSA-OAEP', file: p.file('keys/enc-rsa-oaep.key'), active: true },
    ],
    secretsDir: p.file('secrets'),
    clients: [
      // The back-office portal, in the exact form existing deployments use (DESIGN.md).
      {
        clientId: 'backoffice-portal',
        clientSecretName: 'portal-secret',
        clientSecretKey: 'client-secret',
        redirectUris: 'https://portal.example/home',
        postLogoutRedirectUris: 'https://portal.example/',
        responseTypes: 'code',
        grantTypes: 'authorization_code,refresh_token',
        tokenEndpointAuthMethod: 'client_secret_post',
        allowedScopes:
          'openid,profile,oob_consents:read,oob_consents:write,\n  oob_opendata:read,oob_opendata:write,oob_outages:read,oob_outages:write',
      },
      {
        clientId: 'tpp-one',
        profile: 'fapi1-advanced',
        redirectUris: ['https://tpp-one.example/cb'],
        responseTypes: ['code id_token'],
        grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        allowedScopes: ['openid', 'consents', 'resources', 'accounts'],
        jwksFile: p.file('clients/tpp-one.jwks.json'),
      },
    ],
    // Relative to the server's working directory: the config file's own temp directory.
    storage: { kind: 'embedded', path: 'fapid.db' },
    logging: { level: 'info' },
  };
}

export function deepMerge(base, overrides) {
  if (overrides === undefined) return structuredClone(base);
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = deepMerge(out[k], v);
    else out[k] = structuredClone(v);
  }
  return out;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Writes `config` (an object) as YAML into a fresh temp file and returns its path.
export function writeConfig(config, name = 'config.yaml') {
  const file = path.join(tempDir('fapid-cfg-'), name);
  fs.writeFileSync(file, typeof config === 'string' ? config : YAML.stringify(config, { lineWidth: 0 }));
  return file;
}

// deploy/config.example.yaml with its certs/dev/ paths pointed at this test file's PKI.
export async function exampleConfigText() {
  const p = await pki();
  const text = fs.readFileSync(path.join(SOURCE_DIR, 'deploy', 'config.example.yaml'), 'utf8');
  return text.replace(/(["'\s:])\.?\/?certs\/dev(?=[/"'\s]|$)/gm, `$1${p.dir}`);
}

// ---- running the binary -----------------------------------------------------------------------------

// Runs fapid (or any program) to completion: { code, signal, stdout, stderr }.
export function run(bin, args, { env, timeout = ms(20_000), cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, cwd: cwd ?? os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(bin)} ${args.join(' ')} did not finish in ${timeout} ms\n${stderr}`));
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export const fapid = (args, opts) => run(FAPID_BIN, args, opts);

// A running `fapid serve`.
export class Server {
  constructor(child, configPath, config) {
    this.child = child;
    this.configPath = configPath;
    this.config = config;
    this.lines = [];     // every stderr line, parsed JSON where it parses, else { raw }
    this.stdout = '';
    this.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    this.exitStatus = undefined;
    this.exited.then((s) => (this.exitStatus = s));
  }

  logs() {
    return this.lines;
  }

  // All captured output as text (stderr lines and stdout), for "never logged" assertions.
  allOutput() {
    return this.lines.map((l) => l.raw ?? JSON.stringify(l)).join('\n') + '\n' + this.stdout;
  }

  // The dev CA (PEM) that signed the server certificate.
  get ca() {
    return this._ca;
  }

  // Sends `signal` and waits for the exit; SIGKILLs after `timeout`. Returns { code, signal }.
  async stop(signal = 'SIGTERM', timeout = ms(15_000)) {
    if (this.exitStatus) return this.exitStatus;
    this.child.kill(signal);
    let timer;
    const killed = new Promise((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve({ code: null, signal: 'SIGKILL', timedOut: true });
      }, timeout);
    });
    const status = await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    return status;
  }

  // HTTPS to the TLS listener (opts.listener 'tls', default), the mTLS listener ('mtls', with
  // opts.cert/key) or plain HTTP to the ops listener ('ops').
  request(opts = {}) {
    const listener = opts.listener ?? 'tls';
    const port = { tls: this.tlsPort, mtls: this.mtlsPort, ops: this.opsPort }[listener];
    return request({ ca: this._ca, ...opts, port, protocol: listener === 'ops' ? 'http:' : 'https:' });
  }

  // Request ids in `http_request` log lines.
  requestLogLines() {
    return this.lines.filter((l) => l.event === 'http_request');
  }

  async waitForLog(predicate, timeout = ms(5_000)) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('log line not seen in time');
      await sleep(20);
    }
  }
}

// Starts `fapid serve` with baseConfig(pki) merged with `overrides` (or a whole `config` object).
export async function startServer({ overrides, config, env, timeout = ms(20_000) } = {}) {
  const p = await pki();
  const cfg = config ?? deepMerge(baseConfig(p), overrides);
  const configPath = writeConfig(cfg);
  const child = spawn(FAPID_BIN, ['serve', '--config', configPath], {
    env: { ...process.env, ...env },
    cwd: path.dirname(configPath),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new Server(child, configPath, cfg);
  server._ca = p.ca;
  child.stdout.setEncoding('utf8').on('data', (d) => (server.stdout += d));
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop();
    for (const raw of parts) {
      if (!raw.trim()) continue;
      try {
        server.lines.push(JSON.parse(raw));
      } catch {
        server.lines.push({ raw });
      }
    }
  });

  const deadline = Date.now() + timeout;
  for (;;) {
    // The one line that reports every bound port (per-listener lines may precede it).
    const listening = server.lines.find((l) => l.event === 'listening' && 'tls_port' in l);
    if (listening) {
      for (const k of ['tls_port', 'mtls_port', 'ops_port'])
        assert.ok(Number.isInteger(listening[k]) && listening[k] > 0, `listening line has integer ${k}: ${JSON.stringify(listening)}`);
      server.tlsPort = listening.tls_port;
      server.mtlsPort = listening.mtls_port;
      server.opsPort = listening.ops_port;
      return server;
    }
    if (server.exitStatus || Date.now() > deadline) {
      if (!server.exitStatus) await server.stop('SIGKILL');
      throw new Error(
        `fapid serve did not report listening (exit ${JSON.stringify(server.exitStatus)}):\n${server.allOutput()}`,
      );
    }
    await sleep(20);
  }
}

// ---- HTTP(S) clients --------------------------------------------------------------------------------

// One request on a fresh connection: resolves { status, headers, body (string), json (parsed or
// undefined), socketInfo }; rejects on a network/TLS error. `body` may be a string or Buffer.
export function request({ port, path: reqPath = '/', method = 'GET', headers = {}, body, ca, cert, key,
  protocol = 'https:', timeout = ms(10_000), tlsOptions = {} }) {
  return new Promise((resolve, reject) => {
    const mod = protocol === 'http:' ? http : https;
    const opts = {
      host: '127.0.0.1', port, path: reqPath, method, headers: { ...headers }, agent: false, timeout,
    };
    if (protocol === 'https:') Object.assign(opts, { ca, cert, key, servername: 'localhost', ...tlsOptions });
    if (body !== undefined) opts.headers['content-length'] ??= Buffer.byteLength(body);
    const req = mod.request(opts, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const s = res.socket;
        const socketInfo = s && typeof s.getProtocol === 'function'
          ? { protocol: s.getProtocol(), cipher: s.getCipher()?.name }
          : undefined;
        resolve({ status: res.statusCode, headers: res.headers, body: text, json, socketInfo });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeout} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function getJson(server, reqPath, opts = {}) {
  const res = await server.request({ path: reqPath, ...opts });
  assert.equal(res.status, 200, `GET ${reqPath}: ${res.status} ${res.body}`);
  assert.ok(res.json !== undefined, `GET ${reqPath} returned JSON`);
  return res;
}

// Asserts the status and the OAuth-style JSON `error` together (and a request id on every response).
export function assertError(res, status, error) {
  assert.equal(res.status, status, `status (body: ${res.body})`);
  assert.match(String(res.headers['content-type']), /^application\/json\b/, 'error responses are JSON');
  assert.ok(res.json && typeof res.json === 'object', `error body is a JSON object: ${res.body}`);
  assert.equal(res.json.error, error, `error code in ${res.body}`);
  assert.ok(res.headers['x-request-id'], 'X-Request-Id on every response');
}

// Opens a TLS connection to the TLS listener with the dev CA (resolves once the handshake is done).
export function connectTls(port, ca, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ...options });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

// Collects what the server sends until it closes the connection (or `timeout` passes):
// { data (string), closed (bool), error (code or undefined), elapsed (ms) }.
export function collectUntilClose(socket, timeout = ms(5_000)) {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const finish = (closed, error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks).toString('latin1'), closed, error, elapsed: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeout);
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => finish(true, e.code ?? e.message));
  });
}

// Sends raw bytes over TLS and returns what came back before the server closed the connection.
export async function rawTls(port, ca, bytes, { timeout = ms(5_000), tlsOptions } = {}) {
  const socket = await connectTls(port, ca, tlsOptions);
  const result = collectUntilClose(socket, timeout);
  socket.write(bytes);
  const r = await result;
  socket.destroy();
  return r;
}

// Parses the status line and headers of a raw HTTP/1.x response.
export function parseRawResponse(data) {
  const [head, ...rest] = data.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers = {};
  for (const h of headerLines) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return { status: m ? Number(m[1]) : undefined, headers, body: rest.join('\r\n\r\n') };
}

// A TCP connect that resolves 'connected' or the error code (e.g. 'ECONNREFUSED').
export function tcpProbe(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e) => resolve(e.code));
  });
}

export const canary = (label) => `canary-${label}-${randomBytes(12).toString('hex')}`;
