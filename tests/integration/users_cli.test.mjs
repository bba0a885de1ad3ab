// `fapid users` (issue 5): the operator's tool that adds, imports and disables the bank customers, run
// as the real binary against a fresh embedded (SQLite) store. The store is read back with the sqlite3
// shell when it is installed; every test also checks through the CLI itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FAPID_BIN, baseConfig, ms, pki, writeConfig } from './harness.mjs';

const HAS_SQLITE3 = spawnSync('sqlite3', ['-version']).status === 0;

// A bcrypt hash of "U*U" from OpenBSD's and Openwall's test vectors ($2a$, cost 5).
const BCRYPT_HASH = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';

// Django's PBKDF2PasswordHasher encoding: pbkdf2_sha256$<iterations>$<salt as text>$<base64 hash>.
function djangoHash(password, iterations = 1000) {
  const salt = crypto.randomBytes(9).toString('hex');
  const hash = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}

// A valid CPF from nine digits: the two mod-11 check digits appended.
function cpf(nine) {
  const digits = String(nine).padStart(9, '0').split('').map(Number);
  for (const weight of [10, 11]) {
    const sum = digits.reduce((acc, d, i) => acc + d * (weight - i), 0);
    digits.push(((sum * 10) % 11) % 10);
  }
  return digits.join('');
}

// Runs `fapid users ARGS` with `input` on stdin: { code, stdout, stderr }.
function fapid(args, { input = '', cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(FAPID_BIN, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms(60_000));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the binary may exit without reading its input
    child.stdin.end(input);
  });
}

// A fresh configuration on its own SQLite file; `users(...)` runs the CLI against it.
async function freshStore() {
  const configPath = writeConfig(baseConfig(await pki()));
  const cwd = path.dirname(configPath);
  const users = (args, opts = {}) => fapid(['users', ...args, '--config', configPath], { cwd, ...opts });
  const sql = (query) => {
    const r = spawnSync('sqlite3', ['-json', path.join(cwd, 'fapid.db'), query], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim() ? JSON.parse(r.stdout) : [];
  };
  const dir = cwd;
  return { configPath, cwd, users, sql, dir };
}

const ALICE = ['--login', 'alice', '--document', cpf(123456789), '--name', 'Alice Souza', '--email', 'alice@bank.example'];

test('fapid help users, users --help and users add --help print the usage; no command is a usage error', async () => {
  const help = await fapid(['help', 'users']);
  assert.equal(help.code, 0, help.stderr);
  for (const word of ['users add', 'users import', 'users disable', 'users enable', '--password-hash', 'login,document,name,email,password_hash'])
    assert.ok(help.stdout.includes(word), `the usage mentions ${word}`);
  assert.equal((await fapid(['users', '--help'])).stdout, help.stdout);
  assert.equal((await fapid(['users', 'add', '--help'])).stdout, help.stdout);

  const none = await fapid(['users']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no users command given/);
  const unknown = await fapid(['users', 'remove', '--config', 'x.yaml']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown users command 'remove'/);
  const noConfig = await fapid(['users', 'disable', '--login', 'alice']);
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.stderr, /--config FILE is required/);
  const wrongFlag = await fapid(['users', 'disable', '--login', 'alice', '--name', 'A', '--config', 'x.yaml']);
  assert.equal(wrongFlag.code, 2);
  assert.match(wrongFlag.stderr, /--name is not an option of `users disable`/);
});

test('a configuration that does not load is exit 2 and names the problem', async () => {
  const r = await fapid(['users', 'disable', '--login', 'alice', '--config', '/nonexistent/fapid.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error: .*nonexistent/);
});

test('users add hashes the password read from stdin and refuses the same login a second time', async () => {
  const store = await freshStore();
  const password = 'correct horse battery staple';
  const added = await store.users(['add', ...ALICE, '--attribute', 'nickname=Ali', '--attribute', 'cnpj:=["12345678000195"]'], {
    input: `${password}\n`,
  });
  assert.equal(added.code, 0, added.stderr);
  const sub = added.stdout.match(/^added user alice \(sub ([A-Za-z0-9_-]{43})\)$/m)?.[1];
  assert.ok(sub, added.stdout);
  assert.ok(!(added.stdout + added.stderr).includes(password), 'the password is never printed');

  const again = await store.users(['add', ...ALICE], { input: 'another password\n' });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /the login 'alice' is already taken; nothing was added/);

  if (HAS_SQLITE3) {
    const rows = store.sql('SELECT id, login, document, name, email, attributes_json, password_hash, disabled FROM users');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, sub);
    assert.equal(rows[0].document, cpf(123456789));
    assert.deepEqual(JSON.parse(rows[0].attributes_json), { nickname: 'Ali', cnpj: ['12345678000195'] });
    assert.match(rows[0].password_hash, /^\$argon2id\$v=19\$/);
    assert.ok(!rows[0].password_hash.includes(password));
    assert.equal(rows[0].disabled, 0);
  }
});

test('users add refuses a missing or empty password and invalid fields, and writes nothing', async () => {
  const store = await freshStore();
  const noInput = await store.users(['add', ...ALICE], { input: '' });
  assert.equal(noInput.code, 2);
  assert.match(noInput.stderr, /no password on standard input/);
  const empty = await store.users(['add', ...ALICE], { input: '\n' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /the password is empty/);

  const badCpf = cpf(123456789).slice(0, 10) + ((Number(cpf(123456789)[10]) + 1) % 10);
  const invalid = await store.users(
    ['add', '--login', ' bob', '--document', badCpf, '--name', 'Bob', '--email', 'bob-at-bank', '--attribute', 'bad key=x'],
    { input: 'secret\n' },
  );
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /login: starts or ends with a space/);
  assert.match(invalid.stderr, /document: not a valid CPF/);
  assert.match(invalid.stderr, /email: not of the form name@domain/);
  assert.match(invalid.stderr, /attributes: a key must be/);
  assert.ok(!invalid.stderr.includes(badCpf), 'the CPF is not echoed');

  // Nothing was written: the login is still free.
  const disable = await store.users(['disable', '--login', 'alice']);
  assert.equal(disable.code, 2);
  assert.match(disable.stderr, /no user has the login 'alice'/);
});

test('users add --password-hash stores a hash the server can read and refuses one it cannot', async () => {
  const store = await freshStore();
  const imported = await store.users(['add', ...ALICE, '--password-hash', BCRYPT_HASH]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.ok(!imported.stdout.includes(BCRYPT_HASH), 'the hash is never printed');

  const django = djangoHash('s3cret');
  const fromStdin = await store.users(
    ['add', '--login', 'bruno', '--document', cpf(987654321), '--name', 'Bruno', '--email', 'bruno@bank.example', '--password-hash', '-'],
    { input: `${django}\n` },
  );
  assert.equal(fromStdin.code, 0, fromStdin.stderr);

  const unreadable = '$argon2id$v=19$m=65536,t=2,p=1$not-base64!$garbage';
  const refused = await store.users(
    ['add', '--login', 'carla', '--document', cpf(111444777), '--name', 'Carla', '--email', 'carla@bank.example', '--password-hash', unreadable],
  );
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /password_hash: not an argon2, bcrypt or PBKDF2 encoding this server can check/);
  assert.ok(!refused.stderr.includes(unreadable), 'the hash is never printed');

  if (HAS_SQLITE3) {
    const rows = store.sql('SELECT login, password_hash FROM users ORDER BY login');
    assert.deepEqual(rows, [{ login: 'alice', password_hash: BCRYPT_HASH }, { login: 'bruno', password_hash: django }]);
  }
});

test('users import adds every row of an RFC 4180 CSV with quoted fields, bcrypt and Django PBKDF2 hashes', async () => {
  const store = await freshStore();
  const django = djangoHash('s3cret');
  const csv =
    '\uFEFFlogin,document,name,email,password_hash,attributes_json\r\n' +
    `ana,${cpf(100000001)},"Silva, Ana ""Aninha""",ana@bank.example,${BCRYPT_HASH},"{""cnpj"":[""12345678000195""]}"\r\n` +
    `beto,${cpf(100000002)},Beto Lima,beto@bank.example,"${django}",\r\n` +
    '\r\n' +
    `"caio",${cpf(100000003)},"Caio
 Prado",caio@bank.example,${BCRYPT_HASH},{}\r\n`;
  // Caio's name holds a line break inside quotes: valid CSV, but not a valid name.
  const file = path.join(store.dir, 'users.csv');
  fs.writeFileSync(file, csv);
  const bad = await store.users(['import', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: line 5: name: contains a control character/m);

  fs.writeFileSync(file, csv.replace('"Caio\n Prado"', '"Caio Prado"'));
  const r = await store.users(['import', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^imported 3 users$/m);
  assert.ok(!(r.stdout + r.stderr).includes(django) && !(r.stdout + r.stderr).includes(BCRYPT_HASH));

  // Through the CLI: the logins are taken now.
  const taken = await store.users(['add', ...ALICE.map((a) => (a === 'alice' ? 'beto' : a))], { input: 'pw\n' });
  assert.equal(taken.code, 2);
  assert.match(taken.stderr, /the login 'beto' is already taken/);

  if (HAS_SQLITE3) {
    const rows = store.sql('SELECT login, name, attributes_json, password_hash FROM users ORDER BY login');
    assert.deepEqual(rows, [
      { login: 'ana', name: 'Silva, Ana "Aninha"', attributes_json: '{"cnpj":["12345678000195"]}', password_hash: BCRYPT_HASH },
      { login: 'beto', name: 'Beto Lima', attributes_json: '{}', password_hash: django },
      { login: 'caio', name: 'Caio Prado', attributes_json: '{}', password_hash: BCRYPT_HASH },
    ]);
  }
});

test('an import with one bad row writes nothing and names the line; a login already stored writes nothing', async () => {
  const store = await freshStore();
  const file = path.join(store.dir, 'users.csv');
  fs.writeFileSync(
    file,
    'login,document,name,email,password_hash\n' +
      `dora,${cpf(200000001)},Dora,dora@bank.example,${BCRYPT_HASH}\n` +
      `edu,12345678900,Edu,edu@bank.example,${BCRYPT_HASH}\n` +
      `dora,${cpf(200000003)},Dora Two,dora2@bank.example,not-a-hash\n` +
      'fabi,only,three\n',
  );
  const r = await store.users(['import', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: line 3: document: not a valid CPF/m);
  assert.match(r.stderr, /^error: line 4: login: the same as on line 2$/m);
  assert.match(r.stderr, /^error: line 4: password_hash: not an argon2, bcrypt or PBKDF2 encoding/m);
  assert.match(r.stderr, /^error: line 5: expected 5 fields, found 3$/m);
  assert.match(r.stderr, /4 problem\(s\) in .*users\.csv; nothing was imported/);
  assert.doesNotMatch(r.stdout, /imported/);
  const dora = await store.users(['disable', '--login', 'dora']);
  assert.equal(dora.code, 2, 'dora, on a valid line, was not imported');

  // All-or-nothing against the store too: gina is new, alice already exists.
  assert.equal((await store.users(['add', ...ALICE], { input: 'pw\n' })).code, 0);
  fs.writeFileSync(
    file,
    'login,document,name,email,password_hash\n' +
      `gina,${cpf(300000001)},Gina,gina@bank.example,${BCRYPT_HASH}\n` +
      `alice,${cpf(300000002)},Alice Again,alice2@bank.example,${BCRYPT_HASH}\n`,
  );
  const clash = await store.users(['import', file]);
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /the login 'alice' is taken; nothing was imported/);
  assert.equal((await store.users(['disable', '--login', 'gina'])).code, 2, 'gina was not imported');
  if (HAS_SQLITE3) assert.deepEqual(store.sql('SELECT login FROM users'), [{ login: 'alice' }]);
});

test('a malformed CSV is refused with the line of the problem', async () => {
  const store = await freshStore();
  const file = path.join(store.dir, 'users.csv');
  const cases = [
    ['login,document,name,email\n', /line 1: the header must be login,document,name,email,password_hash\[,attributes_json\]/],
    ['', /the file is empty/],
    ['login,document,name,email,password_hash\n', /a header but no users/],
    [`login,document,name,email,password_hash\nhugo,${cpf(1)},Hu"go,h@bank.example,x\n`, /line 2: a quote inside an unquoted field/],
    [`login,document,name,email,password_hash\nhugo,${cpf(1)},"Hugo\n`, /line 2: a quoted field is not closed/],
    [`login,document,name,email,password_hash\n\nhugo,${cpf(1)},"Hugo"x,h@bank.example,y\n`, /line 3: text after the closing quote/],
  ];
  for (const [text, message] of cases) {
    fs.writeFileSync(file, text);
    const r = await store.users(['import', file]);
    assert.equal(r.code, 2, text);
    assert.match(r.stderr, message);
  }
  const missing = await store.users(['import', path.join(store.dir, 'nope.csv')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /file not found/);
});

test('users import reports progress every 1,000 rows and a summary', async () => {
  const store = await freshStore();
  const rows = ['login,document,name,email,password_hash'];
  const hash = djangoHash('pw'); // 1,000 iterations: the check is the cost of a login at that setting
  for (let i = 1; i <= 2500; i++) rows.push(`user${i},${cpf(400000000 + i)},User ${i},user${i}@bank.example,${hash}`);
  const file = path.join(store.dir, 'many.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const r = await store.users(['import', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^checked 1000 of 2500 rows$/m);
  assert.match(r.stdout, /^checked 2000 of 2500 rows$/m);
  assert.match(r.stdout, /^imported 2500 users$/m);
  if (HAS_SQLITE3) assert.deepEqual(store.sql('SELECT count(*) AS n FROM users'), [{ n: 2500 }]);
});

test('users disable and enable switch a login off and on; an unknown login is exit 2', async () => {
  const store = await freshStore();
  assert.equal((await store.users(['add', ...ALICE], { input: 'pw\n' })).code, 0);
  const off = await store.users(['disable', '--login', 'alice']);
  assert.equal(off.code, 0, off.stderr);
  assert.match(off.stdout, /^disabled user alice$/m);
  if (HAS_SQLITE3) assert.deepEqual(store.sql('SELECT disabled FROM users'), [{ disabled: 1 }]);
  const on = await store.users(['enable', '--login', 'alice']);
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /^enabled user alice$/m);
  if (HAS_SQLITE3) assert.deepEqual(store.sql('SELECT disabled FROM users'), [{ disabled: 0 }]);
  const unknown = await store.users(['enable', '--login', 'zoe']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no user has the login 'zoe'; nothing was changed/);
});

test('a store that cannot be opened is exit 1', async () => {
  const cfg = baseConfig(await pki());
  const configPath = writeConfig(cfg);
  const cwd = path.dirname(configPath);
  fs.writeFileSync(path.join(cwd, 'fapid.db'), 'this is not a SQLite database, it is text long enough to tell.'.repeat(20));
  const r = await fapid(['users', 'disable', '--login', 'alice', '--config', configPath], { cwd });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /error: the store failed: .*sqlite/);
});
