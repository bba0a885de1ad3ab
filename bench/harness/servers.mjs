// Starting and stopping the two servers of the benchmark, each pinned to one core, and the load
// generator's command line for each: the one place that knows how fapid and node-oidc-provider differ
// (paths, client names, how the code flow's interaction is completed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const SERVER_CPU = '0';
export const LOADGEN_CPU = '1';

const FLOW_REDIRECT = 'https://tpp.example/cb';

// Our configuration: the same clients, keys and certificates as the peer's (bench/peer/server.mjs).
function fapidConfig(pki, dir, ports) {
  const p = (f) => path.join(pki, f);
  return `# Written by bench/harness/servers.mjs for one benchmark run.
server:
  publicUrl: https://localhost:${ports.tls}
  mtlsUrl: https://localhost:${ports.mtls}
  listeners:
    tls:  {address: 127.0.0.1, port: ${ports.tls}}
    mtls: {address: 127.0.0.1, port: ${ports.mtls}}
    ops:  {address: 127.0.0.1, port: ${ports.ops}}
  tls: {certificate: ${p('server.crt')}, privateKey: ${p('server.key')}, clientCaFile: ${p('ca.crt')}}
  threads: {io: ${process.env.FAPID_BENCH_IO_THREADS ?? 1}, workers: ${process.env.FAPID_BENCH_WORKERS ?? 16}, queue: 4096}
keys:
  - {kid: bench-ps256, use: sig, alg: PS256, file: ${p('keys/signing-ps256.key')}, active: true}
clients:
  - clientId: bench-pkjwt
    profile: fapi1-advanced
    tokenEndpointAuthMethod: private_key_jwt
    jwksFile: ${p('clients/tpp-one.jwks.json')}
    grantTypes: "client_credentials"
    allowedScopes: "consents,accounts"
  - clientId: bench-mtls
    profile: fapi2
    tokenEndpointAuthMethod: tls_client_auth
    tlsClientAuthSubjectDn: "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR"
    grantTypes: "client_credentials"
    allowedScopes: "consents,accounts"
  - clientId: bench-opaque
    profile: fapi2
    tokenEndpointAuthMethod: tls_client_auth
    tlsClientAuthSubjectDn: "CN=tpp-one,OU=dev,O=Example TPP One,C=BR"
    grantTypes: "client_credentials"
    allowedScopes: "consents,accounts"
    accessTokenFormat: opaque
  - clientId: bench-flow
    profile: fapi2
    tokenEndpointAuthMethod: tls_client_auth
    tlsClientAuthSubjectDn: "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR"
    redirectUris: "${FLOW_REDIRECT}"
    responseTypes: "code"
    grantTypes: "authorization_code"
    allowedScopes: "openid,accounts"
storage:
  kind: embedded
  path: ${path.join(dir, 'fapid.db')}
logging:
  level: warn
`;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Spawns `argv` pinned to the server core, its output going to `logFile` (a pipe would make this process
// read every log line during the run, on a core the benchmark uses), and resolves once a line matches `ready`.
// `ready` is a RegExp or an async probe.
function startPinned(name, argv, { ready, env, logFile, timeoutMs = 20000 }) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn('taskset', ['-c', SERVER_CPU, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let busy = false;
    const poll = setInterval(async () => {
      if (busy) return;
      busy = true;
      const text = fs.readFileSync(logFile, 'utf8');
      const up = ready instanceof RegExp ? text.split('\n').some((line) => ready.test(line)) : await ready();
      busy = false;
      if (up) {
        clearInterval(poll);
        resolve(child);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start (see ${logFile}):\n${text.split('\n').slice(-15).join('\n')}`));
      }
    }, 50);
  });
}

export async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 25000);
  await exited;
  clearTimeout(timer);
}

// Ready when the ops listener's /readyz answers 200 (the stores answer too).
async function readyz(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return res.status === 200;
  } catch {
    return false;
  }
}

// The fapid binary runs under taskset, whose pid is the server's own (taskset execs it). Logs at `warn`:
// node-oidc-provider writes no line per request either, and a run at info would write gigabytes of
// access log (bench/README.md gives the cost of the access log, measured).
export async function startFapid({ bin, pki, workDir, logLevel = 'warn' }) {
  const ports = { tls: await freePort(), mtls: await freePort(), ops: await freePort() };
  fs.mkdirSync(workDir, { recursive: true });
  fs.rmSync(path.join(workDir, 'fapid.db'), { force: true });
  const configFile = path.join(workDir, 'fapid.bench.yaml');
  fs.writeFileSync(configFile, fapidConfig(pki, workDir, ports));
  const child = await startPinned('fapid', [bin, 'serve', '--config', configFile], { ready: () => readyz(ports.ops), logFile: path.join(workDir, 'fapid.log'), env: { FAPID_LOG_LEVEL: logLevel } });
  return { name: 'fapid', child, pid: child.pid, ports, loadgenArgs: fapidArgs(pki, ports) };
}

export async function startPeer({ root, pki, workDir }) {
  fs.mkdirSync(workDir, { recursive: true });
  const port = await freePort();
  const child = await startPinned('node-oidc-provider', [process.execPath, path.join(root, 'bench/peer/server.mjs'), '--port', String(port), '--pki', pki], { ready: /^peer ready /, logFile: path.join(workDir, 'peer.log'), env: { NODE_ENV: 'production' } });
  return { name: 'node-oidc-provider', child, pid: child.pid, ports: { tls: port, mtls: port }, loadgenArgs: peerArgs(pki, port) };
}

function common(pki) {
  return ['--ca', path.join(pki, 'ca.crt'), '--server-name', 'localhost'];
}

// Per scenario: the client and certificate it uses, the same on both servers.
export function clientFor(scenario, pki) {
  const one = ['--cert', path.join(pki, 'clients/tpp-one.crt'), '--key', path.join(pki, 'clients/tpp-one.key')];
  const two = ['--cert', path.join(pki, 'clients/tpp-two.crt'), '--key', path.join(pki, 'clients/tpp-two.key')];
  switch (scenario) {
    case 'cc-jwt': return [...one, '--client-id', 'bench-pkjwt', '--assertion-key', path.join(pki, 'clients/tpp-one-sig.key'), '--assertion-kid', 'tpp-one-sig', '--scope', 'consents accounts'];
    case 'cc-mtls': return [...two, '--client-id', 'bench-mtls', '--scope', 'consents accounts'];
    case 'cc-opaque': case 'introspect': return [...one, '--client-id', 'bench-opaque', '--scope', 'consents accounts', '--bound', '0'];
    case 'flow': return [...two, '--client-id', 'bench-flow', '--scope', 'openid accounts', '--redirect-uri', FLOW_REDIRECT];
    case 'handshake': return two;
    default: return [];
  }
}

function fapidArgs(pki, ports) {
  const issuer = `https://localhost:${ports.tls}/auth`;
  return [...common(pki), '--tls-port', String(ports.tls), '--mtls-port', String(ports.mtls), '--issuer', issuer,
    '--discovery-path', '/auth/.well-known/openid-configuration', '--jwks-path', '/auth/jwks',
    '--token-path', '/auth/token', '--introspection-path', '/auth/token/introspection', '--par-path', '/auth/par',
    '--authorize-path', '/auth/authorize', '--interaction-path', '/auth/test/interaction', '--assertion-aud', issuer];
}

function peerArgs(pki, port) {
  const issuer = `https://localhost:${port}`;
  return [...common(pki), '--tls-port', String(port), '--mtls-port', String(port), '--issuer', issuer,
    '--discovery-path', '/.well-known/openid-configuration', '--jwks-path', '/jwks',
    '--token-path', '/token', '--introspection-path', '/token/introspection', '--par-path', '/request',
    '--authorize-path', '/auth', '--assertion-aud', issuer];
}
