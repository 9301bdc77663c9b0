import { describe, expect, it } from 'vitest';
import { stringifyJsonWithInt64 } from './json-int64.js';

describe('stringifyJsonWithInt64', () => {
  it('writes bigints as number literals without losing digits', () => {
    const text = stringifyJsonWithInt64({ ids: [7301234567890123456n], n: 1 });
    expect(text).toBe('{"ids":[7301234567890123456],"n":1}');
  });

  it('matches JSON.stringify for ordinary values', () => {
    const value = { a: 'x"\u2028', b: [1, null, true, undefined], c: { d: undefined, e: 1.5 }, f: new Date(0) };
    expect(stringifyJsonWithInt64(value)).toBe(JSON.stringify(value));
  });
});
