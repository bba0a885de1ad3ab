// oidc-provider's storage adapter for the benchmark: its own in-memory adapter, but in a Map without a
// size cap. The default keeps only the 1,000 most recent entries, so at concurrency 64 a pushed request
// or an interaction is evicted before the flow reaches it ("request_uri is invalid, expired, or was already
// used"): that would measure the cap, not the server. Entries leave at their expiry (swept every 10 s).
const store = new Map();  // key -> { value, expiresAt }
const epoch = () => Math.floor(Date.now() / 1000);
const grantKey = (id) => `grant:${id}`;
const uidKey = (uid) => `sessionUid:${uid}`;
const userCodeKey = (code) => `userCode:${code}`;
const grantable = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode',
  'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

function get(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

function set(key, value, expiresIn) {
  store.set(key, { value, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined });
}

setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of store) if (entry.expiresAt !== undefined && entry.expiresAt <= now) store.delete(key);
}, 10000).unref();

export class MapAdapter {
  constructor(model) { this.model = model; }

  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    if (this.model === 'Session') set(uidKey(payload.uid), id, expiresIn);
    const { grantId, userCode } = payload;
    if (grantable.has(this.model) && grantId) {
      const members = get(grantKey(grantId)) ?? new Set();
      members.add(key);
      set(grantKey(grantId), members);
    }
    if (userCode) set(userCodeKey(userCode), id, expiresIn);
    set(key, payload, expiresIn);
  }

  async find(id) { return get(this.key(id)); }
  async findByUid(uid) { const id = get(uidKey(uid)); return id ? this.find(id) : undefined; }
  async findByUserCode(userCode) { const id = get(userCodeKey(userCode)); return id ? this.find(id) : undefined; }

  async consume(id) {
    const payload = get(this.key(id));
    if (payload) payload.consumed = epoch();
  }

  async destroy(id) { store.delete(this.key(id)); }

  async revokeByGrantId(grantId) {
    const members = get(grantKey(grantId));
    if (members) for (const key of members) store.delete(key);
    store.delete(grantKey(grantId));
  }
}
