// The TPP's side of the consents API v3, shared by the consents test files: a client_credentials token
// of scope consents, calls to /open-banking/consents/v3/consents, and the bodies and checks they use.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as f from './fapi_flow.mjs';

export const CONSENTS = '/open-banking/consents/v3/consents';
export const CPF = '76109277673';        // valid check digits: the consent's customer
export const OTHER_CPF = '52998224725';  // valid check digits: somebody else

export async function ccToken(server, client, scope = 'consents') {
  const res = await f.flowPost(server, client, '/auth/token', { grant_type: 'client_credentials', scope, ...(await f.clientAuth(client)) });
  assert.equal(res.status, 200, res.body);
  return res.json.access_token;
}

export function consentApi(server, client, token, method, path, { body, headers = {} } = {}) {
  return server.request({
    listener: 'mtls', method, path: `${CONSENTS}${path}`, cert: client.tls.cert, key: client.tls.key,
    headers: { authorization: `Bearer ${token}`, 'x-fapi-interaction-id': randomUUID(),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
}

export const consentBody = (extra = {}) => ({ data: {
  loggedUser: { document: { identification: CPF, rel: 'CPF' } },
  permissions: ['ACCOUNTS_READ', 'ACCOUNTS_BALANCES_READ', 'RESOURCES_READ'],
  ...extra,
} });

export async function createConsent(server, client, extra = {}) {
  const res = await consentApi(server, client, await ccToken(server, client), 'POST', '', { body: consentBody(extra) });
  assert.equal(res.status, 201, res.body);
  return res.json.data.consentId;
}

export async function readConsent(server, client, id) {
  const res = await consentApi(server, client, await ccToken(server, client), 'GET', `/${id}`);
  assert.equal(res.status, 200, res.body);
  return res.json.data;
}

// An RFC 3339 date-time `seconds` from `from` (ms since the epoch), whole seconds (the API refuses fractions).
export const dateTimeIn = (seconds, from = Date.now()) => new Date(from + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
export const inDays = (days) => dateTimeIn(days * 86400);

export const apiError = (res, status, code) => {
  assert.equal(res.status, status, res.body);
  assert.equal(res.json?.errors?.[0]?.code, code, res.body);
  assert.ok(res.json.meta?.requestDateTime, 'errors carry meta.requestDateTime');
};

// Moves the test build's server clock forward (POST /auth/test/clock); resolves the total offset in seconds.
export async function advanceClock(server, seconds) {
  const res = await server.request({ method: 'POST', path: '/auth/test/clock',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: f.form({ advance: String(seconds) }) });
  assert.equal(res.status, 200, res.body);
  return res.json.offset;
}
