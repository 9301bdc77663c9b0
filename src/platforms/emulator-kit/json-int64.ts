/**
 * Serialises a JSON value in which `bigint` values are written as plain JSON number literals. Platforms return
 * 64-bit ids as numbers (TikTok's post ids, X's media ids); `JSON.stringify` cannot write a bigint and a `number`
 * loses digits above 2^53, so emulators build such bodies with this function. Everything else is written exactly
 * as `JSON.stringify` would write it (object keys whose value is `undefined` are left out).
 */
export function stringifyJsonWithInt64(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : stringifyJsonWithInt64(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${stringifyJsonWithInt64(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : text;
}
