// Lifetimes at their shortest allowed values (SPEC P5, P6, A17, TK7, RT1): a request URI expires after
// parLifetime, an access token after accessTokenLifetime (a self-contained client_credentials one too), and
// the refresh token still works after that.
// Both waits run together, so the file takes about one minute.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pki, sleep, startServer } from './harness.mjs';
import * as f from './fapi_flow.mjs';

const LIFETIME_S = 60;  // the minimum of both parLifetime (OFB) and accessTokenLifetime
let server, client;
before(async () => {
  const p = await pki();
  server = await startServer({ overrides: { fapi: { parLifetime: `${LIFETIME_S}s`, accessTokenLifetime: `${LIFETIME_S}s` } } });
  const sign = { key: await f.importPem(p.file('clients/tpp-one-sig.key'), 'PS256'), alg: 'PS256', kid: 'tpp-one-sig' };
  client = f.flowClient('tpp-one', sign, { cert: p.read('clients/tpp-one.crt'), key: p.read('clients/tpp-one.key') });
});
after(async () => { await server?.stop(); });

test('P6 A17 an expired request_uri is refused with an error page; TK7 RT1 an expired access token is inactive and the refresh token still works', async () => {
  const { par } = await f.pushAuthorization(server, client);
  assert.equal(par.status, 201, par.body);
  assert.equal(par.json.expires_in, LIFETIME_S);
  const { tok } = await f.tokenFlow(server, client);
  assert.equal(tok.json.expires_in, LIFETIME_S);
  assert.equal((await f.userinfo(server, client, tok.json.access_token)).status, 200);
  const cc = await f.flowPost(server, client, '/auth/token', { grant_type: 'client_credentials', scope: 'consents', ...(await f.clientAuth(client)) });
  assert.equal(cc.status, 200, cc.body);
  const selfContained = cc.json.access_token;  // no row: its own exp decides (src/oauth/self_contained_token.hpp)
  assert.equal((await f.introspect(server, client, selfContained)).json.active, true);

  await sleep((LIFETIME_S + 2) * 1000);

  const { res } = await f.authorize(server, { client_id: 'tpp-one', request_uri: par.json.request_uri });
  assert.equal(res.status, 400);
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.match(res.body, /invalid_request_uri/);
  assert.equal(res.headers.location, undefined, 'never a redirect before the redirect URI is trusted');

  assert.deepEqual((await f.introspect(server, client, tok.json.access_token)).json, { active: false });
  const ui = await f.userinfo(server, client, tok.json.access_token);
  assert.equal(ui.status, 401, ui.body);
  const refreshed = await f.refreshGrant(server, client, tok.json.refresh_token);
  assert.equal(refreshed.status, 200, refreshed.body);
  assert.equal(refreshed.json.refresh_token, tok.json.refresh_token, 'RT1: not rotated');

  assert.deepEqual((await f.introspect(server, client, selfContained)).json, { active: false });
  const expired = await f.userinfo(server, client, selfContained);
  assert.equal(expired.status, 401, expired.body);
  assert.equal(expired.json.error, 'invalid_token');
  assert.equal((await f.revoke(server, client, selfContained)).status, 200, 'revoking an expired token is answered 200');
  assert.equal((await f.userinfo(server, client, refreshed.json.access_token)).status, 200);
});
