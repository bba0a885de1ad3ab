// ATTACKS T02 and T13 on the embedded store (the default configuration): concurrent redemptions of one code
// and concurrent refreshes of one refresh token. The same cases on PostgreSQL + Redis:
// fapi_concurrency_services.test.mjs.
import { after } from 'node:test';
import { concurrencyTests } from './fapi_concurrency_cases.mjs';

const suite = concurrencyTests('embedded store', { overrides: async () => undefined });
after(() => suite.stop());
