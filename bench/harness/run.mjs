// bench/run: fapid and node-oidc-provider side by side, one server at a time on the server core, the load
// generator on the other core, then one table and the targets of issue 7. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadgen, opensslSpeed } from './loadgen.mjs';
import { clientFor, startFapid, startPeer, stop } from './servers.mjs';
import { printReport } from './report.mjs';

export const SCENARIOS = [
  { id: 'a', name: 'discovery', title: '(a) discovery' },
  { id: 'b', name: 'jwks', title: '(b) JWKS' },
  { id: 'c', name: 'cc-jwt', title: '(c) client_credentials, private_key_jwt, PS256 JWT AT', signs: 1 },
  { id: 'd', name: 'cc-mtls', title: '(d) client_credentials, tls_client_auth, bound PS256 JWT AT', signs: 1 },
  { id: 'o', name: 'cc-opaque', title: "(c') client_credentials, tls_client_auth, opaque AT" },
  { id: 'e', name: 'introspect', title: '(e) introspection of an opaque token' },
  { id: 'f', name: 'flow', title: '(f) PAR -> authorize -> token, flows/s', signs: 1 },
  { id: 'g', name: 'handshake', title: '(g) new mTLS connection per request' },
];

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const { values: opts } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    fapid: { type: 'string', default: process.env.FAPID_BIN ?? path.join(ROOT, 'build-bench/src/app/fapid') },
    loadgen: { type: 'string', default: process.env.FAPID_LOADGEN ?? path.join(ROOT, 'build-bench/bench/fapid-loadgen') },
    pki: { type: 'string', default: path.join(ROOT, 'build-bench/bench-pki') },
    out: { type: 'string', default: '' },
    only: { type: 'string', default: '' },  // scenario ids, e.g. "cd"
    duration: { type: 'string', default: '' },
    servers: { type: 'string', default: 'fapid,peer' },  // one of them alone while working on it
  },
});

const smoke = opts.smoke;
const plan = {
  concurrency: smoke ? [16] : [16, 64],
  warmup: smoke ? 1 : 1,
  duration: Number(opts.duration || (smoke ? 4 : 15)),
  speedSeconds: smoke ? 1 : 3,
};
const scenarios = SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.id));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapid-bench-'));
const started = Date.now();
const say = (m) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}\n`);

async function measure(server, speed) {
  const rows = [];
  for (const s of scenarios) {
    // Enough assertions for a server signing at the openssl rate over every point, and 10% more.
    const assertions = s.name === 'cc-jwt'
      ? Math.ceil(speed.signPerSecond * 1.1 * (plan.warmup + plan.duration) * plan.concurrency.length) + 500 : 0;
    say(`${server.name}: ${s.title} at ${plan.concurrency.join(', ')}`);
    const results = await loadgen(opts.loadgen, server, s.name, clientFor(s.name, opts.pki), { ...plan, assertions });
    for (const r of results) {
      rows.push({ ...r, id: s.id, server: server.name });
      if (!r.ok) say(`  FAILED at ${r.concurrency}: ${(r.failure_samples ?? []).join(' | ')}`);
    }
  }
  return rows;
}

// p99 at half of the peak rate of (c), open loop, on fapid only (issue 7's latency target).
async function halfPeak(server, rows) {
  const peak = Math.max(...rows.filter((r) => r.id === 'c' && r.server === server.name && r.ok).map((r) => r.rate));
  if (!Number.isFinite(peak) || peak <= 0) return [];
  const rate = Math.round(peak / 2);
  const assertions = Math.ceil(rate * 1.05 * (plan.warmup + plan.duration)) + 500;
  say(`${server.name}: (c) open loop at ${rate}/s (half of the peak ${peak.toFixed(0)}/s)`);
  const results = await loadgen(opts.loadgen, server, 'cc-jwt', clientFor('cc-jwt', opts.pki), { ...plan, concurrency: [16], assertions, rate });
  return results.map((r) => ({ ...r, id: 'c-half', server: server.name }));
}

async function main() {
  for (const [what, file] of [['fapid (built with -DFAPID_TEST_ROUTES=ON)', opts.fapid], ['fapid-loadgen', opts.loadgen]])
    if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run bench/run, which builds it`);
  say(`openssl speed rsa2048 on cpu 0 (${plan.speedSeconds} s)`);
  const speed = await opensslSpeed(plan.speedSeconds);
  say(`  ${speed.signPerSecond.toFixed(0)} RSA-2048 signatures/s`);
  const rows = [];
  let fapidPeakRss = -1;

  // One server at a time; each is stopped (and its state deleted) before the next starts.
  const withServer = async (start, use) => {
    const server = await start();
    try {
      await use(server);
    } finally {
      await stop(server.child);
    }
  };
  if (opts.servers.includes('fapid')) {
    await withServer(() => startFapid({ bin: opts.fapid, pki: opts.pki, workDir: path.join(workDir, 'fapid') }), async (fapid) => {
      rows.push(...(await measure(fapid, speed)));
      if (!smoke && scenarios.some((s) => s.id === 'c')) rows.push(...(await halfPeak(fapid, rows)));
      fapidPeakRss = Math.max(...rows.filter((r) => r.server === 'fapid').map((r) => r.peak_rss_kb ?? -1));
    });
  }
  if (opts.servers.includes('peer')) {
    await withServer(() => startPeer({ root: ROOT, pki: opts.pki, workDir: path.join(workDir, 'peer') }), async (peer) => {
      rows.push(...(await measure(peer, speed)));
    });
  }

  const report = { when: new Date().toISOString(), host: os.hostname(), cpus: os.cpus().length, plan, speed, fapidPeakRss, rows,
    seconds: (Date.now() - started) / 1000 };
  if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(report, null, 2));
  const ok = printReport(report, SCENARIOS, { smoke });
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
});
