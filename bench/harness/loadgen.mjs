// Runs fapid-loadgen (pinned to the load core) and the `openssl speed` reference (pinned to the server
// core), returning what they measured.
import { spawn } from 'node:child_process';
import { LOADGEN_CPU, SERVER_CPU } from './servers.mjs';

function run(argv, { timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

// RSA-2048 signatures per second on the server core (`openssl speed`'s sign/s column).
export async function opensslSpeed(seconds) {
  const { code, out, err } = await run(['taskset', '-c', SERVER_CPU, 'openssl', 'speed', '-seconds', String(seconds), 'rsa2048'],
    { timeoutMs: (seconds * 4 + 30) * 1000 });
  const line = out.split('\n').find((l) => /^rsa\s+2048 bits/.test(l));
  const m = line?.match(/^rsa\s+2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)/);
  if (code !== 0 || !m) throw new Error(`openssl speed failed (${code}): ${err || out}`);
  return { signPerSecond: Number(m[1]), verifyPerSecond: Number(m[2]) };
}

// One loadgen invocation: resolves one result object per concurrency level (ok: false with the reason
// when the run failed or the load generator could not run at all).
export async function loadgen(bin, server, scenario, clientArgs, { concurrency, warmup, duration, assertions = 0, rate = 0 }) {
  const argv = [bin, '--scenario', scenario, ...server.loadgenArgs, ...clientArgs, '--concurrency', concurrency.join(','),
    '--warmup', String(warmup), '--duration', String(duration), '--server-pid', String(server.pid), '--cpu', LOADGEN_CPU,
    '--assertions', String(assertions), '--rate', String(rate)];
  const budget = (concurrency.length * (warmup + duration) + 120) * 1000;
  const { code, out, err } = await run(argv, { timeoutMs: budget });
  const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  if (lines.length === 0) {
    return concurrency.map((c) => ({ scenario, concurrency: c, ok: false, failure_samples: [`loadgen exited ${code}: ${err.trim()}`] }));
  }
  return lines;
}
