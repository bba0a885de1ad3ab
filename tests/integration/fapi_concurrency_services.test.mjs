// ATTACKS T02 and T13 on PostgreSQL + Redis (scripts/services.sh; CTest label "services"), in a schema and
// key prefix of this file's own: concurrent redemptions of one code and concurrent refreshes of one refresh
// token. The same cases on the embedded store: fapi_concurrency.test.mjs.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { concurrencyTests } from './fapi_concurrency_cases.mjs';

function requireEnv(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is unset: run the tests through scripts/test.sh, or eval "$(scripts/services.sh start)" first`);
  return value;
}

const suite = concurrencyTests('PostgreSQL + Redis', {
  overrides: async () => {
    const id = crypto.randomBytes(6).toString('hex');
    return { storage: { kind: 'postgres', path: undefined, url: requireEnv('FAPID_TEST_POSTGRES_URL'), schema: `it_conc_${id}`,
      redis: { url: requireEnv('FAPID_TEST_REDIS_URL'), keyPrefix: `it:conc:${id}:` } } };
  },
});
after(() => suite.stop());
