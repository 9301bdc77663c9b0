import fc from 'fast-check';

/*
 * Request generators for the API fuzz suite. Each route's own JSON schema (converted from the zod schema that
 * validates it) seeds valid values, which are then mutated, so the requests reach past validation into the
 * handlers and the store instead of bouncing off the first type check.
 */

/** The subset of JSON Schema that zod's converter emits for request schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** A registered route with the JSON schemas of its body, path parameters and query string. */
export interface FuzzRoute {
  method: string;
  url: string;
  body: JsonSchema | undefined;
  params: JsonSchema | undefined;
  querystring: JsonSchema | undefined;
}

/** What the generators draw from besides randomness: real ids, real keys and the body limit. */
export interface FuzzPools {
  /** Ids of rows that exist (profiles, keys, groups, the owner), so some requests hit real records. */
  ids: string[];
  /** Authorization secrets by kind. */
  keys: { full: string; read: string; scoped: string };
  /** The server's body limit in bytes (OUTBOX_BODY_LIMIT). */
  bodyLimitBytes: number;
}

/** One generated request, ready for `app.inject()`. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
}

const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

const NASTY_STRINGS = [
  '', ' ', '\t', 'a\u0000b', '\u0000', '\uFEFF', '\u202Eevil', '\u200B', 'e\u0301', '\r\n', '👩‍👩‍👧‍👦', 'Ｎａｍｅ',
  '<script>alert(1)</script>', "' OR 1=1 --", '"; drop table profiles; --', '%00', '../../etc/passwd', '${x}',
  'null', 'true', '[]', '{}', 'NaN', 'Infinity', '-Infinity', '1e400', '-1', '0x10', ' 1 ', '#gggggg', '#FFFFFF',
];
const NASTY_NUMBERS = [-1, -0, 0, 0.5, -1e308, 1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, Number.MIN_VALUE, 3650.5];

/** Printable ASCII, the only bytes a header value may carry. */
const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

const hugeString = fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length));
// Values stay shallow enough for JSON.stringify; deeper nesting is sent as raw text (see deepBody).
const deepArray = fc.integer({ min: 100, max: 2_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);

/** Any value a hostile client might put in a field: wrong types, odd numbers, odd text, huge or deep values. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 })) },
);

function stringFor(schema: JsonSchema, pools: FuzzPools): fc.Arbitrary<string> {
  if (schema.pattern === OBJECT_ID_PATTERN) {
    return fc.oneof(fc.constantFrom(...pools.ids), fc.stringMatching(/^[0-9a-f]{24}$/));
  }
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 120)) });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = Math.max(schema.minimum ?? -1e6, Number.MIN_SAFE_INTEGER);
  const max = Math.min(schema.maximum ?? 1e6, Number.MAX_SAFE_INTEGER);
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A value the schema accepts (mostly: `trim()` and uniqueness rules are not in the schema). */
export function validValue(schema: JsonSchema, pools: FuzzPools): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((alt) => validValue(alt, pools)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, pools);
    case 'integer':
    case 'number':
      return numberFor(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
      return fc.array(validValue(schema.items ?? {}, pools), { minLength, maxLength });
    }
    case 'object': {
      const shape = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, validValue(sub, pools)]));
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Sets a key as an own property, so `__proto__` lands in the JSON text instead of changing the prototype. */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

type Mutation = { kind: 'drop'; key: string } | { kind: 'set'; key: string; value: unknown };

/** A valid body with one to four fields dropped, replaced by hostile values, or added. */
function mutatedBody(schema: JsonSchema, pools: FuzzPools): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  const key = fc.oneof(
    { weight: 4, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    key.map((k) => ({ kind: 'drop' as const, key: k })),
    fc.tuple(key, nastyValue).map(([k, value]) => ({ kind: 'set' as const, key: k, value })),
  );
  return fc.tuple(validValue(schema, pools), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([body, mutations]) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    let out = body as Record<string, unknown>;
    for (const m of mutations) {
      if (m.kind === 'set') out = withKey(out, m.key, m.value);
      else if (Object.hasOwn(out, m.key)) out = Object.fromEntries(Object.entries(out).filter(([k]) => k !== m.key));
    }
    return out;
  });
}

interface BodyCase {
  payload: string | undefined;
  contentType: string | undefined;
}

const json = (value: unknown): BodyCase => ({ payload: JSON.stringify(value), contentType: 'application/json' });
const raw = (payload: string, contentType = 'application/json'): BodyCase => ({ payload, contentType });

const MALFORMED_JSON = [
  '{', '[1,', '{"name": }', 'NaN', '{"name":NaN}', "{'name':'x'}", '{"name":"x",}', '\uFEFF{"name":"x"}', 'undefined',
  '{"name":"\u0000"}', '{"name":"\\x41"}', '1e99999', '-', '"unterminated', '{"a":1}{"b":2}', '{"name":"\\ud800"}',
  '{"__proto__":{"polluted":true},"name":"p"}', '{"constructor":{"prototype":{"polluted":true}},"name":"p"}',
];

const OTHER_CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzz', 'application/octet-stream',
  'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON',
  'application/jsonx', 'application/vnd.api+json', 'a/b/c', ';', 'application/json; boundary', '*/*', 'text/html',
];

function encodedAs(contentType: string, body: unknown): string {
  const text = JSON.stringify(body) ?? '';
  if (contentType.startsWith('multipart/')) {
    return `--fuzz\r\nContent-Disposition: form-data; name="name"\r\n\r\n${text}\r\n--fuzz--\r\n`;
  }
  if (contentType === 'application/x-www-form-urlencoded') return `name=${encodeURIComponent(text)}&color=%23ffffff`;
  return text;
}

/** Bodies of every kind: valid, mutated, any JSON, broken JSON, other content types, oversized, none. */
function bodyCase(route: FuzzRoute, pools: FuzzPools): fc.Arbitrary<BodyCase> {
  const schema = route.body ?? { type: 'object', properties: { name: { type: 'string' } } };
  const valid = validValue(schema, pools);
  const truncated = fc.tuple(valid, fc.nat()).map(([body, cut]) => {
    const text = JSON.stringify(body) ?? '';
    return raw(text.slice(0, cut % Math.max(text.length, 1)));
  });
  const oversized = fc
    .integer({ min: -1_000, max: 64 * 1024 })
    .map((extra) => json({ name: 'x'.repeat(Math.max(0, pools.bodyLimitBytes + extra)) }));
  const deepBody = fc
    .tuple(fc.integer({ min: 1_000, max: 400_000 }), fc.constantFrom('name', 'extra', '__proto__'))
    .map(([depth, key]) => raw(`{"name":"deep","${key}":${'['.repeat(depth)}${']'.repeat(depth)}}`));
  const weight = route.body ? 1 : 0;
  return fc.oneof(
    { weight: 1 + weight, arbitrary: valid.map(json) },
    { weight: 1 + 5 * weight, arbitrary: mutatedBody(schema, pools).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((text) => raw(text)) },
    { weight: 1, arbitrary: truncated },
    { weight: 1, arbitrary: deepBody },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...OTHER_CONTENT_TYPES), valid).map(([type, body]) => raw(encodedAs(type, body), type)) },
    { weight: 1, arbitrary: fc.constantFrom(raw(''), raw('   '), { payload: 'name=x', contentType: undefined }) },
    { weight: 1, arbitrary: oversized },
    { weight: 1 + 2 * (1 - weight), arbitrary: fc.constant({ payload: undefined, contentType: undefined }) },
  );
}

const RAW_PATH_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%00', '..', '.', '%2F', '%2e%2e', '%20', '+', ';', 'null', '0', '-1', '%C0%AF'];

/** A path parameter: a real id, a well-formed unknown id, a near miss, or garbage (encoded or raw). */
function pathSegment(pools: FuzzPools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pools.ids) },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9a-f]{24}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Fa-f]{20,28}$/) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_SEGMENTS) },
    { weight: 1, arbitrary: fc.integer({ min: 25, max: 5_000 }).map((n) => 'a'.repeat(n)) },
  );
}

const RAW_QUERIES = ['%', '%zz', '&&&', '===', 'a[b]=1', 'limit=1&limit=2', 'skip=1&skip=x', 'a=%E0%A4%A', ';;', 'limit', '=1'];

/** A query string from the route's own parameters (valid and hostile values), random pairs, or raw garbage. */
function queryString(route: FuzzRoute, pools: FuzzPools): fc.Arbitrary<string> {
  const props = route.querystring?.properties ?? {};
  const keys = Object.keys(props);
  const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  const known = keys.length
    ? fc.constantFrom(...keys).chain((key) => fc.oneof(validValue(props[key] ?? {}, pools), nastyValue).map((v) => [key, valueText(v)] as const))
    : fc.constant(['name', 'x'] as const);
  const pair = fc.oneof(
    { weight: 3, arbitrary: known },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTOTYPE_KEYS)), nastyValue.map(valueText)) },
  );
  const encoded = fc
    .array(pair, { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.slice(0, 4_000))}`).join('&'));
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) });
}

/** Authorization: mostly the full-scope key, sometimes read-only, profile-scoped, broken or absent. */
function authorization(pools: FuzzPools): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${pools.keys.full}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${pools.keys.read}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${pools.keys.scoped}`) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'Bearer', 'Bearer  ', 'Basic eDp5', `bearer ${pools.keys.full}x`), printable(80)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** A whole request to one route: path, query, headers and body all drawn independently. */
export function fuzzRequest(route: FuzzRoute, pools: FuzzPools): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
  return fc
    .record({
      segments: fc.array(pathSegment(pools), { minLength: paramNames.length, maxLength: paramNames.length }),
      query: fc.option(queryString(route, pools), { freq: 2 }),
      auth: authorization(pools),
      body: bodyCase(route, pools),
      idempotencyKey: fc.option(fc.oneof(printable(40), printable(300)), { freq: 3 }),
      requestId: fc.option(printable(140), { freq: 4 }),
    })
    .map(({ segments, query, auth, body, idempotencyKey, requestId }) => {
      let index = 0;
      const path = route.url.replace(/:(\w+)/g, () => segments[index++] ?? '');
      const headers: Record<string, string> = {};
      if (auth !== undefined) headers['authorization'] = auth;
      if (body.contentType !== undefined) headers['content-type'] = body.contentType;
      if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
      if (requestId !== null) headers['x-request-id'] = requestId;
      return { method: route.method, url: query === null ? path : `${path}?${query}`, headers, payload: body.payload };
    });
}
