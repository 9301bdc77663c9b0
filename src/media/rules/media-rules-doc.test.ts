import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MEDIA_PROBE_ERROR_CODES } from '../probe/media-probe-error.js';
import { renderPlatformRulesMarkdown } from './render-rules-doc.js';
import { VIOLATION_CODE_LIST } from './violation-codes.js';

const DOC = new URL('../../../docs/media-rules.md', import.meta.url);
const START = '<!-- platform-rules:start (generated from src/media/rules; do not edit by hand) -->';
const END = '<!-- platform-rules:end -->';

describe('docs/media-rules.md', () => {
  it('embeds the current rule tables (OUTBOX_UPDATE_DOCS=1 rewrites them)', async () => {
    const doc = await readFile(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const generated = `${START}\n\n${renderPlatformRulesMarkdown()}\n${END}`;
    if (process.env.OUTBOX_UPDATE_DOCS === '1') {
      await writeFile(DOC, doc.slice(0, start) + generated + doc.slice(end + END.length));
      return;
    }
    expect(doc.slice(start, end + END.length)).toBe(generated);
  });

  it('documents every violation and probe error code', async () => {
    const doc = await readFile(DOC, 'utf8');
    for (const code of [...VIOLATION_CODE_LIST, ...Object.keys(MEDIA_PROBE_ERROR_CODES)]) {
      expect(doc, code).toContain(`\`${code}\``);
    }
  });
});
