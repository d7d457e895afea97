// Entity data helpers for action bodies. `find(Product)` in Locus becomes
// `await find("Product")`: each helper calls the generated Express API
// (routes/«entity».ts: GET/POST /«entity», GET/PUT/DELETE /«entity»/:id,
// mounted under /«entity»). Records it returns remember their entity, so
// `update(record, {...})` and `remove(record)` need no entity name.

export type EntityRecord = Record<string, any>;

export interface QueryOptions {
  where?: Record<string, unknown>;
  orderBy?: Record<string, unknown>;
  skip?: number;
  take?: number;
}

interface RuntimeConfig {
  apiBase: string;
}

const config: RuntimeConfig = { apiBase: 'http://localhost:3001' };

/** Point the helpers at another API server (default http://localhost:3001). */
export function configureLocusRuntime(options: Partial<RuntimeConfig>): void {
  if (options.apiBase !== undefined) config.apiBase = options.apiBase.replace(/\/+$/, '');
}

const ENTITY = Symbol('locus.entity');

function routeOf(entity: string): string {
  const base = entity.charAt(0).toLowerCase() + entity.slice(1);
  return `${config.apiBase}/${base}/${base}`;
}

function tag(entity: string, value: unknown): any {
  if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, ENTITY, { value: entity, enumerable: false });
  }
  return value;
}

function entityOf(target: string | EntityRecord): string {
  if (typeof target === 'string') return target;
  const entity = (target as { [ENTITY]?: string })[ENTITY];
  if (!entity) throw new Error('locus: this record does not come from find/findOne/create');
  return entity;
}

async function request(method: string, url: string, body?: unknown): Promise<any> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`locus: ${method} ${url} failed with ${response.status}`);
  return response.status === 204 ? null : response.json();
}

function idOf(target: string | EntityRecord, data: EntityRecord, options: QueryOptions): unknown {
  if (typeof target !== 'string' && target.id !== undefined) return target.id;
  if (options.where && options.where.id !== undefined) return options.where.id;
  return data.id;
}

/** The records of an entity, optionally filtered (`where`) and paged. */
export async function find(entity: string, options: QueryOptions = {}): Promise<any[]> {
  const query = new URLSearchParams();
  if (options.where) query.set('where', JSON.stringify(options.where));
  if (options.skip !== undefined) query.set('skip', String(options.skip));
  if (options.take !== undefined) query.set('take', String(options.take));
  const text = query.toString();
  const rows = await request('GET', routeOf(entity) + (text ? `?${text}` : ''));
  return Array.isArray(rows) ? rows.map((row) => tag(entity, row)) : [];
}

/** One record (by `where.id`, else the first match), or null. */
export async function findOne(entity: string, options: QueryOptions = {}): Promise<any> {
  const id = options.where ? options.where.id : undefined;
  if (id !== undefined && id !== null) {
    return tag(entity, await request('GET', `${routeOf(entity)}/${encodeURIComponent(String(id))}`));
  }
  const rows = await find(entity, { ...options, take: 1 });
  return rows.length ? rows[0] : null;
}

/** Create a record and return it. */
export async function create(entity: string, data: EntityRecord = {}): Promise<any> {
  return tag(entity, await request('POST', routeOf(entity), data));
}

/** Update a record (a record from find/findOne, or an entity name with
 * `where: { id }` or an `id` in data) and return it. */
export async function update(
  target: string | EntityRecord,
  data: EntityRecord = {},
  options: QueryOptions = {},
): Promise<any> {
  const entity = entityOf(target);
  const id = idOf(target, data, options);
  return tag(entity, await request('PUT', `${routeOf(entity)}/${encodeURIComponent(String(id))}`, data));
}

/** Delete a record (Locus `delete(...)`). */
export async function remove(target: string | EntityRecord, options: QueryOptions = {}): Promise<void> {
  const entity = entityOf(target);
  const id = idOf(target, {}, options);
  await request('DELETE', `${routeOf(entity)}/${encodeURIComponent(String(id))}`);
}
