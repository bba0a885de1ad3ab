// A stand-in for the Back Office Portal: one page, served by the browser test at https://portal.example/
// (Playwright answers that origin locally). Like the real portal it is a browser application: it starts the
// code flow with PKCE, state and nonce, redeems the code at our token endpoint with client_secret_post from
// the browser (CORS), calls the outages API with the back-office token, and logs out through our
// end_session_endpoint. What it saw is written into #log for the test to read; data-done marks the end.

export function portalPage({ issuer, apiBase, clientId, clientSecret, scope }) {
  const cfg = JSON.stringify({ issuer, apiBase, clientId, clientSecret, scope });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Back Office Portal (test stand-in)</title></head>
<body>
<h1>Back Office Portal</h1>
<p id="who">Not signed in</p>
<button id="login">Sign in with the bank</button>
<button id="logout">Sign out</button>
<pre id="log"></pre>
<script type="module">
const cfg = ${cfg};
const home = location.origin + '/home';
const log = (line) => { document.getElementById('log').textContent += line + '\\n'; };
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

async function signIn() {
  const login = { verifier: random(), state: random(), nonce: random() };
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(login.verifier))));
  sessionStorage.setItem('login', JSON.stringify(login));
  location.assign(cfg.issuer + '/authorize?' + new URLSearchParams({
    client_id: cfg.clientId, redirect_uri: home, response_type: 'code', scope: cfg.scope, state: login.state,
    nonce: login.nonce, code_challenge: challenge, code_challenge_method: 'S256' }));
}

async function afterSignIn(params) {
  const login = JSON.parse(sessionStorage.getItem('login') ?? '{}');
  if (params.get('state') !== login.state) return log('error: state mismatch');
  if (params.get('iss') !== cfg.issuer) return log('error: iss mismatch');
  const res = await fetch(cfg.issuer + '/token', { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: home, code_verifier: login.verifier,
    client_id: cfg.clientId, client_secret: cfg.clientSecret }) });
  const tokens = await res.json();
  log('token: ' + res.status);
  if (!res.ok) return;
  sessionStorage.setItem('tokens', JSON.stringify(tokens));
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/')));
  document.getElementById('who').textContent = 'Signed in as ' + claims.name + ' (' + claims.preferred_username + ')';
  log('scope: ' + tokens.scope);
  const auth = { authorization: 'Bearer ' + tokens.access_token };
  const list = await fetch(cfg.apiBase + '/backoffice/v1/outages', { headers: auth });
  log('list outages: ' + list.status);
  const start = new Date(Date.now() + 86400000).toISOString().replace(/\\.\\d+Z$/, 'Z');
  const created = await fetch(cfg.apiBase + '/backoffice/v1/outages', { method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ outageTime: start, duration: 'PT2H', isPartial: false, explanation: 'Scheduled maintenance of ' + claims.preferred_username }) });
  log('create outage: ' + created.status);
}

function signOut() {
  const tokens = JSON.parse(sessionStorage.getItem('tokens') ?? '{}');
  location.assign(cfg.issuer + '/session/end?' + new URLSearchParams({
    id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: location.origin + '/', state: 'signed-out' }));
}

document.getElementById('login').onclick = signIn;
document.getElementById('logout').onclick = signOut;
const params = new URLSearchParams(location.search);
const done = () => { document.body.dataset.done = 'yes'; };
if (location.pathname === '/home' && params.has('code')) afterSignIn(params).catch((e) => log('error: ' + e)).finally(done);
else if (location.pathname === '/home' && params.has('error')) { log('error: ' + params.get('error')); done(); }
else { if (params.get('state') === 'signed-out') log('signed out'); done(); }
</script>
</body></html>`;
}
