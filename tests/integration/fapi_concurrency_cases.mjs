// The concurrency cases of ATTACKS T02 and T13, written once and run on each store kind
// (fapi_concurrency.test.mjs: the embedded store; fapi_concurrency_services.test.mjs: PostgreSQL + Redis).
//
// A race here is real: every request is its own client (its own fresh client assertion) on its own TLS
// connection with the client certificate, all connections are opened first, and then every request is
// written in one synchronous loop so that they reach the server together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { ms, pki, startServer } from './harness.mjs';
import { collectUntilClose, connectTls, parseRawResponse } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const REDIRECT = 'https://tpp-one.example/cb';

// Decodes a chunked body (the server may frame a body either way).
function dechunk(body) {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

// Sends `bodies` (form strings) as concurrent POSTs to `path` on the mTLS listener, released together.
// Resolves [{ status, json }] in the order of `bodies`; a connection the server closed without an answer
// has status undefined.
export async function race(server, tls, path, bodies) {
  const p = await pki();
  const sockets = await Promise.all(bodies.map(() =>
    connectTls(server.mtlsPort, p.ca, { cert: tls.cert, key: tls.key })));
  const results = sockets.map((s) => collectUntilClose(s, ms(30_000)));
  const requests = bodies.map((body) => Buffer.from(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.mtlsPort}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
  for (let i = 0; i < sockets.length; i++) sockets[i].write(requests[i]);
  const raw = await Promise.all(results);
  for (const s of sockets) s.destroy();
  return raw.map(({ data }) => {
    const res = parseRawResponse(data);
    const body = /chunked/i.test(res.headers['transfer-encoding'] ?? '') ? dechunk(res.body) : res.body;
    let json;
    try { json = JSON.parse(body); } catch { json = undefined; }
    return { status: res.status, json };
  });
}

// Counts responses as { '200': n, '400 invalid_grant': m, ... }.
function tally(responses) {
  const out = {};
  for (const r of responses) {
    const key = r.status === 200 ? '200' : `${r.status} ${r.json?.error}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export function concurrencyTests(store, { overrides }) {
  let server;
  let client;
  let tls;

  const setup = async () => {
    if (server) return;
    const p = await pki();
    server = await startServer({ overrides: await overrides() });
    client = { clientId: 'tpp-one', alg: 'PS256', kid: 'tpp-one-sig', key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256') };
    tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
  };

  const auth = async (aud = f.TOKEN_URL) => f.assertionParams(await f.assertion(client, { aud }));

  // PAR → authorize → approve: a fresh code and its verifier.
  async function freshCode() {
    const { verifier, challenge } = f.pkce();
    const ro = await f.requestObject(client, { response_type: 'code id_token', redirect_uri: REDIRECT, scope: 'openid accounts',
      state: f.randomId(), nonce: f.randomId(), code_challenge: challenge, code_challenge_method: 'S256' });
    const par = await f.postForm(server, '/auth/par', { request: ro, ...(await auth(f.PAR_URL)) }, tls);
    assert.equal(par.status, 201, par.body);
    const { res, interactionId } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
    assert.equal(res.status, 303, res.body);
    const done = await f.completeInteraction(server, interactionId);
    assert.equal(done.status, 303, done.body);
    return { code: f.responseParams(done.headers.location).code, verifier };
  }

  async function introspect(token) {
    const res = await f.postForm(server, '/auth/token/introspection', { token, ...(await auth(f.ISSUER)) }, tls);
    assert.equal(res.status, 200, res.body);
    return res.json;
  }

  async function refresh(refreshToken) {
    return f.postForm(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...(await auth()) }, tls);
  }

  async function codeRace(t, trial) {
    const { code, verifier } = await freshCode();
    const bodies = [];
    for (let i = 0; i < 50; i++) {
      bodies.push(f.form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...(await auth()) }));
    }
    const responses = await race(server, tls, '/auth/token', bodies);
    const counts = tally(responses);
    assert.deepEqual(counts, { 200: 1, '400 invalid_grant': 49 }, `T02 trial ${trial}: exactly one 200, 49 × invalid_grant, no 5xx`);
    const winner = responses.find((r) => r.status === 200).json;
    assert.ok(winner.access_token && winner.refresh_token && winner.id_token);
    // Never two live token sets: the only tokens issued are the winner's. Whether they are still live depends
    // on the timing: a loser that finds the code already consumed AND the winner's grant already written
    // revokes that grant (TK1: a replayed code revokes what it issued); one that comes earlier cannot.
    const liveAfterRace = (await introspect(winner.access_token)).active;
    assert.equal((await introspect(winner.refresh_token)).active, liveAfterRace, 'the grant lives or dies whole');
    t.diagnostic(`${store} trial ${trial}: ${JSON.stringify(counts)}; winner's grant after the race: ${liveAfterRace ? 'live' : 'revoked by a late replay'}`);
    // Once the grant is written, a replay of the code always ends it (TK1).
    const replay = await f.postForm(server, '/auth/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...(await auth()) }, tls);
    assert.equal(replay.status, 400, replay.body);
    assert.equal(replay.json.error, 'invalid_grant');
    assert.deepEqual(await introspect(winner.access_token), { active: false }, 'TK1 the replay revoked the access token');
    assert.deepEqual(await introspect(winner.refresh_token), { active: false }, 'TK1 and the refresh token');
    const r = await refresh(winner.refresh_token);
    assert.equal(r.status, 400, r.body);
    assert.equal(r.json.error, 'invalid_grant');
    return liveAfterRace;
  }

  test(`T02 TK1 ${store}: 50 concurrent redemptions of one code give exactly one 200 and 49 × invalid_grant, never 5xx, over 5 codes`, async (t) => {
    await setup();
    const live = [];
    for (let trial = 1; trial <= 5; trial++) live.push(await codeRace(t, trial));
    t.diagnostic(`${store}: winner's grant still live right after the race in ${live.filter(Boolean).length} of 5 trials`);
  });

  test(`T13 RT1 ${store}: 20 concurrent refreshes of one refresh token all succeed with the same refresh token and 20 new access tokens, and revoking it ends all of them`, async (t) => {
    await setup();
    const { code, verifier } = await freshCode();
    const first = await f.postForm(server, '/auth/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...(await auth()) }, tls);
    assert.equal(first.status, 200, first.body);
    const { refresh_token: refreshToken, access_token: firstAccess } = first.json;
    const bodies = [];
    for (let i = 0; i < 20; i++) bodies.push(f.form({ grant_type: 'refresh_token', refresh_token: refreshToken, ...(await auth()) }));
    const responses = await race(server, tls, '/auth/token', bodies);
    const counts = tally(responses);
    t.diagnostic(`${store}: ${JSON.stringify(counts)}`);
    assert.deepEqual(counts, { 200: 20 }, 'T13 no false invalid_grant, no 5xx');
    assert.deepEqual(new Set(responses.map((r) => r.json.refresh_token)), new Set([refreshToken]),
      'RT1 T13 never a second refresh token: every answer repeats the one refresh token');
    const accessTokens = responses.map((r) => r.json.access_token);
    assert.equal(new Set(accessTokens).size, 20, 'twenty distinct access tokens');
    for (const at of accessTokens) assert.equal(jose.decodeJwt(at).client_id, 'tpp-one');
    for (const at of [firstAccess, ...accessTokens]) assert.equal((await introspect(at)).active, true);

    const revoked = await f.postForm(server, '/auth/token/revocation',
      { token: refreshToken, token_type_hint: 'refresh_token', ...(await auth(f.ISSUER)) }, tls);
    assert.equal(revoked.status, 200, revoked.body);
    for (const at of [firstAccess, ...accessTokens]) {
      assert.deepEqual(await introspect(at), { active: false }, 'RV1 revoking the refresh token ends every access token of the grant');
    }
    const after = await refresh(refreshToken);
    assert.equal(after.status, 400, after.body);
    assert.equal(after.json.error, 'invalid_grant');
  });

  test(`T02 ${store}: the server survived the races (no 5xx logged, still serving)`, async () => {
    await setup();
    const lines = server.requestLogLines();
    assert.ok(lines.filter((l) => l.path === '/auth/token').length >= 5 * 51 + 21, 'every race request was logged');
    assert.deepEqual(lines.filter((l) => Number(l.status) >= 500), []);
    const ready = await server.request({ listener: 'ops', path: '/readyz' });
    assert.equal(ready.status, 200);
  });

  return { stop: async () => server?.stop() };
}
