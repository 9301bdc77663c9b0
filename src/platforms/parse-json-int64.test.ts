import { describe, expect, it } from 'vitest';
import { stringifyJsonWithInt64 } from './emulator-kit/json-int64.js';
import { parseJsonWithInt64 } from './parse-json-int64.js';

describe('parseJsonWithInt64', () => {
  it('keeps every digit of integers beyond 2^53, as strings', () => {
    const text = stringifyJsonWithInt64({ ids: [7_315_405_691_608_963_574n, -9_007_199_254_740_993n], small: 42, ratio: 1.5e300 });
    expect(parseJsonWithInt64(text)).toEqual({ ids: ['7315405691608963574', '-9007199254740993'], small: 42, ratio: 1.5e300 });
  });

  it('leaves strings alone, escapes included, and parses like JSON.parse otherwise', () => {
    const text = '{"a":"12345678901234567890 \\" 98765432109876543210","b":[true,null,-0.5,9007199254740991]}';
    expect(parseJsonWithInt64(text)).toEqual(JSON.parse(text));
  });

  it('throws SyntaxError on invalid JSON', () => {
    expect(() => parseJsonWithInt64('{"a":')).toThrow(SyntaxError);
  });
});
