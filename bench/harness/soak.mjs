// bench/soak: scenario (c) against fapid at half of its peak rate (open loop), sampling the server's RSS every
// 15 s: 6 minutes of warm-up, then 30 measured minutes in which RSS must stay flat (every sample within ±5% of
// their mean). The warm-up is one access-token lifetime (300 s) and one sweep interval (60 s): until tokens
// expire and are swept as fast as they are issued, the database and its page caches grow by design.
// The load runs in 60 s segments, each with freshly signed client assertions (they are valid for 240 s);
// the pre-signing between segments pauses the load for a few seconds and is not measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadgen } from './loadgen.mjs';
import { clientFor, startFapid, stop } from './servers.mjs';

const { values: opts } = parseArgs({
  options: {
    fapid: { type: 'string' }, loadgen: { type: 'string' }, pki: { type: 'string' },
    minutes: { type: 'string', default: '30' },
    'warmup-minutes': { type: 'string', default: '6' },
    rate: { type: 'string', default: '' },  // default: half of the peak measured first
    out: { type: 'string', default: '' },
  },
});

const started = Date.now();
const say = (m) => process.stderr.write(`[soak ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
const rssKb = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)?.[1] ?? -1);

async function main() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fapid-soak-'));
  const server = await startFapid({ bin: opts.fapid, pki: opts.pki, workDir });
  const client = clientFor('cc-jwt', opts.pki);
  const samples = [];
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss_kb: rssKb(server.pid) }), 15000);
  const segments = [];
  let measuredFrom = 0;
  try {
    let rate = Number(opts.rate);
    if (!rate) {
      say('peak of (c) at concurrency 16 (10 s)');
      const [peak] = await loadgen(opts.loadgen, server, 'cc-jwt', client, { concurrency: [16], warmup: 1, duration: 10, assertions: 60000 });
      if (!peak.ok) throw new Error(`peak run failed: ${(peak.failure_samples ?? []).join(' | ')}`);
      rate = Math.round(peak.rate / 2);
      say(`peak ${peak.rate.toFixed(0)}/s: soaking at ${rate}/s`);
    }
    samples.push({ t: (Date.now() - started) / 1000, rss_kb: rssKb(server.pid) });
    const warmup = Number(opts['warmup-minutes']);
    const total = warmup + Number(opts.minutes);
    for (let i = 0; i < total; ++i) {
      if (i === warmup) measuredFrom = (Date.now() - started) / 1000;
      const [r] = await loadgen(opts.loadgen, server, 'cc-jwt', client, { concurrency: [16], warmup: 0.2, duration: 60, rate, assertions: Math.ceil(rate * 61.5) + 200 });
      r.warmup = i < warmup;
      segments.push(r);
      say(`${r.warmup ? 'warm-up ' : ''}segment ${i + 1}/${total}: ${r.ok ? `${r.rate.toFixed(0)}/s p99 ${r.p99_ms.toFixed(2)} ms` : 'FAILED ' + (r.failure_samples ?? []).join(' | ')}, RSS ${(rssKb(server.pid) / 1024).toFixed(1)} MB`);
    }
  } finally {
    clearInterval(sampler);
    samples.push({ t: (Date.now() - started) / 1000, rss_kb: rssKb(server.pid) });
    await stop(server.child);
  }
  const steady = samples.filter((s) => s.t >= measuredFrom);
  const mean = steady.reduce((a, s) => a + s.rss_kb, 0) / steady.length;
  const worst = Math.max(...steady.map((s) => Math.abs(s.rss_kb - mean) / mean));
  const mb = (kb) => (kb / 1024).toFixed(1);
  const peak = Math.max(...samples.map((s) => s.rss_kb));
  const failed = segments.filter((s) => !s.ok).length;
  const measured = segments.filter((s) => !s.warmup);
  console.log(`soak: ${segments.length - measured.length} warm-up and ${measured.length} measured segments of 60 s, ` +
    `${segments.reduce((a, s) => a + (s.transactions ?? 0), 0)} tokens, ${failed} failed segments`);
  console.log(`RSS start ${mb(samples[0].rss_kb)} MB, at the end of the warm-up ${mb(steady[0].rss_kb)} MB, peak ${mb(peak)} MB, ` +
    `end ${mb(samples.at(-1).rss_kb)} MB; after the warm-up every sample within ${(100 * worst).toFixed(1)}% of the mean ` +
    `${mb(mean)} MB (target ±5%)`);
  console.log(`p99 per segment (ms, warm-up first): ${segments.map((s) => (s.ok ? s.p99_ms.toFixed(1) : 'F')).join(' ')}`);
  console.log(`RSS curve (MB every 15 s): ${samples.map((s) => mb(s.rss_kb)).join(' ')}`);
  if (opts.out) fs.writeFileSync(opts.out, JSON.stringify({ samples, segments }, null, 2));
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exitCode = failed === 0 && worst <= 0.05 ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`soak: ${e.message}\n`);
  process.exitCode = 2;
});
