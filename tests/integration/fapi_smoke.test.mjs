// Smoke: one fapi1-advanced flow end to end (PAR → authorize → interaction → token → userinfo).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { pki, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';

let server, p, client, tls;
before(async () => {
  p = await pki();
  server = await startServer();
  client = { clientId: 'tpp-one', alg: 'PS256', kid: 'tpp-one-sig', key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256') };
  tls = { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') };
});
after(async () => { await server?.stop(); });

test('fapi1-advanced code id_token flow', async () => {
  const { verifier, challenge } = f.pkce();
  const ro = await f.requestObject(client, {
    response_type: 'code id_token', redirect_uri: 'https://tpp-one.example/cb', scope: 'openid accounts',
    state: 'st-1', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256',
  });
  const par = await f.postForm(server, '/auth/par', { request: ro, ...f.assertionParams(await f.assertion(client, { aud: f.PAR_URL })) }, tls);
  assert.equal(par.status, 201, par.body);
  const { res, interactionId } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
  assert.equal(res.status, 303, res.body);
  const done = await f.completeInteraction(server, interactionId, { cpf: '12345678909' });
  assert.equal(done.status, 303, done.body);
  const params = f.responseParams(done.headers.location);
  assert.equal(params.state, 'st-1');
  assert.ok(params.code && params.id_token, JSON.stringify(params));
  const tok = await f.postForm(server, '/auth/token', {
    grant_type: 'authorization_code', code: params.code, redirect_uri: 'https://tpp-one.example/cb', code_verifier: verifier,
    ...f.assertionParams(await f.assertion(client, { aud: f.TOKEN_URL })),
  }, tls);
  assert.equal(tok.status, 200, tok.body);
  const ui = await server.request({ listener: 'mtls', path: '/auth/userinfo', cert: tls.cert, key: tls.key,
    headers: { authorization: `Bearer ${tok.json.access_token}` } });
  assert.equal(ui.status, 200, ui.body);
  assert.equal(ui.json.sub, 'customer-1');
  console.log(JSON.stringify({ par: par.json, params: Object.keys(params), tok: Object.keys(tok.json), at: jose.decodeJwt(tok.json.access_token) }));
});
