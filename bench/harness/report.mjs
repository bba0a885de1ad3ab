// The one table bench/run prints, and issue 7's targets checked against it.
const f0 = (x) => (x === undefined || x < 0 || !Number.isFinite(x) ? '-' : x.toFixed(0));
const f2 = (x) => (x === undefined || x < 0 || !Number.isFinite(x) ? '-' : x.toFixed(2));

function pad(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

export function printReport(report, scenarios, { smoke }) {
  const { rows, speed } = report;
  const find = (server, id, c) => rows.find((r) => r.server === server && r.id === id && r.concurrency === c);
  const header = ['scenario', 'conc', 'fapid/s', 'p50 ms', 'p99 ms', 'CPU us', 'peer/s', 'p50 ms', 'p99 ms', 'CPU us', 'ratio', '% sign'];
  const widths = [62, 4, 8, 7, 7, 7, 8, 7, 7, 7, 6, 6];
  const lines = [pad(header, widths), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))];
  let allOk = true;
  for (const s of scenarios) {
    for (const c of report.plan.concurrency) {
      const ours = find('fapid', s.id, c);
      const peer = find('node-oidc-provider', s.id, c);
      if (!ours && !peer) continue;
      const cell = (r, k, fmt) => (!r ? 'n/a' : !r.ok ? 'FAILED' : fmt(r[k]) + (k === 'rate' && r.loadgen_busy >= 0.9 ? '*' : ''));
      allOk = allOk && (!ours || ours.ok) && (!peer || peer.ok);
      const ratio = ours?.ok && peer?.ok ? (ours.rate / peer.rate).toFixed(1) + 'x' : '-';
      const share = s.signs && ours?.ok ? ((100 * ours.rate) / speed.signPerSecond).toFixed(0) + '%' : '';
      lines.push(pad([s.title, c, cell(ours, 'rate', f0), cell(ours, 'p50_ms', f2), cell(ours, 'p99_ms', f2), cell(ours, 'cpu_us_per_tx', f0),
        cell(peer, 'rate', f0), cell(peer, 'p50_ms', f2), cell(peer, 'p99_ms', f2), cell(peer, 'cpu_us_per_tx', f0), ratio, share], widths));
    }
  }
  const half = rows.find((r) => r.id === 'c-half');
  if (half) {
    allOk = allOk && half.ok;
    lines.push(pad([`(c) open loop at ${f0(half.offered_rate)}/s, half of peak`, half.concurrency, half.ok ? f0(half.rate) : 'FAILED',
      f2(half.p50_ms), f2(half.p99_ms), f0(half.cpu_us_per_tx), '', '', '', '', '', ''], widths));
  }
  console.log(`\nfapid vs node-oidc-provider, ${report.cpus} cores: servers on cpu 0, load on cpu 1; ` +
    `${report.plan.warmup} s warm-up + ${report.plan.duration} s per point; rates are transactions/s, CPU is the server's per transaction`);
  console.log(`openssl speed rsa2048 on cpu 0: ${f0(speed.signPerSecond)} signatures/s\n`);
  console.log(lines.join('\n'));
  if (rows.some((r) => r.ok && r.loadgen_busy >= 0.9))
    console.log('* the load generator used 90% or more of its core: the server could go faster than shown ' +
      '(its CPU per transaction tells by how much)');
  for (const r of rows.filter((x) => !x.ok))
    console.log(`FAILED ${r.server} ${r.id}@${r.concurrency}: ${(r.failure_samples ?? []).join(' | ')}`);
  if (!smoke) printTargets(report, find);
  console.log(`\nfapid peak RSS ${f0(report.fapidPeakRss / 1024)} MB; whole run ${f0(report.seconds)} s`);
  return allOk;
}

function printTargets(report, find) {
  const best = (server, id) => Math.max(0, ...report.rows.filter((r) => r.server === server && r.id === id && r.ok).map((r) => r.rate));
  const ratio = (id) => best('fapid', id) / best('node-oidc-provider', id);
  const sign = report.speed.signPerSecond;
  const half = report.rows.find((r) => r.id === 'c-half');
  const targets = [
    ['(c) PS256 issuance >= 80% of openssl sign/s', best('fapid', 'c') / sign, 0.8, '%'],
    ['(d) PS256 issuance >= 80% of openssl sign/s', best('fapid', 'd') / sign, 0.8, '%'],
    ["(c') opaque issuance >= 5x node", ratio('o'), 5, 'x'],
    ['(a) discovery >= 10x node', ratio('a'), 10, 'x'],
    ['(b) JWKS >= 10x node', ratio('b'), 10, 'x'],
    ['(e) introspection >= 5x node', ratio('e'), 5, 'x'],
    ['(c) p99 < 10 ms at half of peak', half?.ok ? half.p99_ms : NaN, 10, 'ms'],
    ['peak RSS < 100 MB', report.fapidPeakRss / 1024, 100, 'MB'],
  ];
  console.log('\ntargets (issue 7)');
  for (const [name, value, goal, unit] of targets) {
    const met = unit === 'ms' || unit === 'MB' ? value < goal : value >= goal;
    const shown = unit === '%' ? `${(100 * value).toFixed(0)}%` : `${Number.isFinite(value) ? value.toFixed(unit === 'x' ? 1 : 2) : '-'}${unit === '%' ? '' : ' ' + unit}`;
    console.log(`  ${met ? 'met ' : 'MISS'}  ${name.padEnd(46)} ${shown}`);
  }
}
