import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, validationError } from './errors.js';

function documentedCodes(): Map<string, number> {
  const text = fs.readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, number>();
  for (const match of text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)) rows.set(match[1]!, Number(match[2]));
  return rows;
}

describe('error registry', () => {
  it('docs/errors.md lists every registered code with its status', () => {
    const documented = documentedCodes();
    for (const [code, spec] of Object.entries(ERRORS)) expect([code, documented.get(code)]).toEqual([code, spec.status]);
  });

  it('every code in docs/errors.md is registered', () => {
    for (const code of documentedCodes().keys()) expect(Object.keys(ERRORS)).toContain(code);
  });

  it('codes are SCREAMING_SNAKE and statuses are 4xx or 5xx', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
    }
  });

  it('validationError names the first field and groups messages by field', () => {
    const error = validationError([
      { field: 'name', message: 'required' },
      { field: 'profileIds[1]', message: 'unknown' },
      { field: 'name', message: 'too long' },
    ]);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.param).toBe('name');
    expect(error.details).toEqual({ fields: { name: ['required', 'too long'], 'profileIds[1]': ['unknown'] } });
  });
});
