// Debian's Chromium, headless, driven by playwright-core, for the tests of HTML pages. Host names map to
// loopback ports (`hosts`), and the dev PKI server certificate's key is pinned: Chromium checks TLS
// against it rather than skipping the check.
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';
import { pki } from './harness.mjs';

export const CHROMIUM = process.env.FAPID_CHROMIUM ?? '/usr/bin/chromium';

// `hosts`: { 'as.fapid.test': port, ... }, each name's port 443 mapped to 127.0.0.1:port.
export async function launchChromium({ hosts, args = [] }) {
  const p = await pki();
  const spki = new crypto.X509Certificate(p.read('server.crt')).publicKey.export({ type: 'spki', format: 'der' });
  const rules = Object.entries(hosts).map(([name, port]) => `MAP ${name}:443 127.0.0.1:${port}`).join(', ');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...args,
      `--host-resolver-rules=${rules}`,
      `--ignore-certificate-errors-spki-list=${crypto.createHash('sha256').update(spki).digest('base64')}`],
  });
}
