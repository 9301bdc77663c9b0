import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPostingHarness, type PostingHarness } from '../helpers/posting.js';

type Json = Record<string, any>;

describeEachDialect('posts bulk upload', (dialect) => {
  let h: PostingHarness;
  let video: { uploadId: string; publicUrl: string };

  beforeEach(async () => {
    h = await createPostingHarness(dialect, { accounts: 2 });
    video = await h.upload();
  });
  afterEach(async () => h.close());

  /** POSTs a CSV as the SDK does: multipart/form-data with the file in a `file` part. */
  async function upload(csv: string | Uint8Array, query = '', field = 'file'): Promise<{ status: number; json: Json }> {
    const form = new FormData();
    form.append(field, new Blob([csv], { type: 'text/csv' }), 'posts.csv');
    const res = await fetch(`${h.origin}/api/v1/posts/bulk-upload${query}`, { method: 'POST', headers: h.auth(), body: form });
    return { status: res.status, json: (await res.json()) as Json };
  }

  const future = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  it('creates a post per valid row and reports every problem of the others, with row and line numbers', async () => {
    const short = await h.upload('mp4Short2900ms');
    const local = new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10);
    const csv = [
      'post_content,account_ids,schedule_time,tz,upload_ids,media_urls,tiktok_privacy',
      `first,${h.accounts[0]},${local} 10:00,America/New_York,${video.uploadId},,PUBLIC_TO_EVERYONE`,
      `${'x'.repeat(2201)},${h.accounts[1]},${future(60)},,,${short.publicUrl},`,
      `"third, with a comma\nand a second line",${h.accounts[1]},${future(90)},,,${video.publicUrl},SELF_ONLY`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ total: 3, valid: 2, invalid: 1, warnings: [] });
    const [first, second, third] = res.json.results as Json[];
    expect(first).toMatchObject({ rowIndex: 1, line: 2, ok: true, createdPostId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(third).toMatchObject({ rowIndex: 3, line: 4, ok: true });
    expect(second).toMatchObject({ rowIndex: 2, line: 3, ok: false });
    expect(second!.createdPostId).toBeUndefined();
    const problems = (second!.violations as Json[]).map((v) => `${v.code}@${v.field}`).sort();
    expect(problems).toEqual(['MEDIA_DURATION_TOO_SHORT@media_urls[0].durationMs', 'POST_CAPTION_TOO_LONG@post_content', 'POST_SETTING_REQUIRED@tiktok_privacy']);
    expect(second!.errors.sort()).toEqual(problems.map((p) => p.replace('@', ':')));
    for (const v of second!.violations as Json[]) expect(v.message).toMatch(/\S/);

    const stored = await h.call('GET', `/posts/${first!.createdPostId}`);
    expect(stored.json.post).toMatchObject({ content: 'first', status: 'scheduled', timezone: 'America/New_York' });
    // 10:00 in New York is 14:00 or 15:00 UTC depending on daylight saving time.
    expect(new Date(stored.json.post.scheduledFor).getUTCHours()).toBeGreaterThanOrEqual(14);
    expect(stored.json.post.platforms[0].platformSpecificData).toMatchObject({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    const thirdPost = await h.call('GET', `/posts/${third!.createdPostId}`);
    expect(thirdPost.json.post.content).toBe('third, with a comma\nand a second line');
    expect((await h.call('GET', '/posts')).json.posts).toHaveLength(2);
  });

  it('dryRun checks every row as creating it would, including repeats inside the file, and stores nothing', async () => {
    const row = `same,${h.accounts[0]},${future(60)},${video.uploadId},PUBLIC_TO_EVERYONE`;
    const csv = ['content,accountIds,scheduledFor,upload_ids,tiktok_privacy,colour', `${row},red`, `${row},blue`, `other,${h.accounts[0]},not a time,${video.uploadId},,green`].join('\r\n');
    const res = await upload(csv, '?dryRun=true');
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ total: 3, valid: 1, invalid: 2, warnings: ['unknown_columns:colour'] });
    expect(res.json.results[0]).toEqual({ rowIndex: 1, line: 2, ok: true });
    expect(res.json.results[1].violations).toEqual([expect.objectContaining({ code: 'DUPLICATE_CONTENT', field: 'account_ids[0]', platform: 'tiktok' })]);
    expect(res.json.results[2].errors.sort()).toEqual(['POST_SETTING_REQUIRED:tiktok_privacy', 'VALIDATION_FAILED:schedule_time'].sort());
    expect((await h.call('GET', '/posts')).json.posts).toHaveLength(0);

    const real = await upload(csv);
    expect(real.json.results.map((r: Json) => r.ok)).toEqual([true, false, false]);
    expect(real.json.results[1].violations).toEqual([expect.objectContaining({ code: 'DUPLICATE_CONTENT', field: 'account_ids[0]' })]);
  });

  it('finds the account from the profile and platform, and says when that is ambiguous or impossible', async () => {
    const csv = (profile: string) => ['post_content,platforms,profiles,schedule_time,upload_ids,tiktok_privacy', `hello,tiktok,${profile},${future(30)},${video.uploadId},SELF_ONLY`].join('\n');
    const ambiguous = await upload(csv('Default'));
    expect(ambiguous.status).toBe(200);
    expect(ambiguous.json.results[0].violations).toEqual([expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'account_ids', platform: 'tiktok' })]);
    const unknown = await upload(csv('Nobody'));
    expect(unknown.json.results[0].errors).toEqual(['PROFILE_NOT_FOUND:profiles']);

    expect((await h.call('DELETE', `/accounts/${h.accounts[1]}`)).status).toBe(200);
    for (const profile of ['Default', h.profileId, '']) {
      const res = await upload(csv(profile).replace('hello', `hello ${profile || 'default'}`));
      expect(res.json.results[0]).toMatchObject({ ok: true });
      const post = await h.call('GET', `/posts/${res.json.results[0].createdPostId}`);
      expect(post.json.post.platforms[0].accountId).toBe(h.accounts[0]);
    }
    const bluesky = await upload(csv('Default').replace(',tiktok,', ',"tiktok,bluesky",'));
    expect(bluesky.json.results[0].errors).toEqual(['ACCOUNT_NOT_FOUND:platforms']);
  });

  it('publishes publish_now rows before answering, and refuses content already sent', async () => {
    const csv = ['post_content,account_ids,publish_now,upload_ids,tiktok_privacy', `now,${h.accounts[0]},true,${video.uploadId},PUBLIC_TO_EVERYONE`].join('\n');
    const first = await upload(csv);
    expect(first.status).toBe(200);
    const post = await h.call('GET', `/posts/${first.json.results[0].createdPostId}`);
    expect(post.json.post.status).toBe('published');
    expect(h.published().map((p) => p.title)).toEqual(['now']);
    const again = await upload(csv);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ valid: 0, invalid: 1 });
    expect(again.json.results[0].errors).toEqual(['DUPLICATE_CONTENT:account_ids[0]']);
  });

  it('refuses a malformed file as a whole, naming the line and the rule', async () => {
    const header = 'post_content,account_ids,schedule_time';
    const cases: Array<[string, number, string, number | undefined]> = [
      [`${header}\nok,${h.accounts[0]},${future(5)}\n"never closed,${h.accounts[0]},${future(5)}\n`, 400, 'BULK_CSV_MALFORMED', 3],
      // The line the open quote is on, past a skipped empty line and a cell spanning two lines, with CRLF breaks.
      [`${header}\r\n"two\r\nlines",${h.accounts[0]},${future(5)}\r\n\r\n"never closed,${h.accounts[0]},${future(5)}\r\nmore\r\n`, 400, 'BULK_CSV_MALFORMED', 5],
      [`${header}\nok,${h.accounts[0]}\n`, 400, 'BULK_CSV_MALFORMED', 2],
      [`hello,${h.accounts[0]},${future(5)}\n`, 400, 'BULK_CSV_MALFORMED', 1],
      [`${header},${header.split(',')[0]}\n`, 400, 'BULK_CSV_MALFORMED', 1],
      ['', 400, 'BULK_CSV_MALFORMED', 1],
      [`${header}\n`, 400, 'VALIDATION_FAILED', undefined],
    ];
    for (const [csv, status, code, line] of cases) {
      const res = await upload(csv);
      expect({ status: res.status, code: res.json.code, line: res.json.details?.line }).toEqual({ status, code, line });
      if (line !== undefined) expect(res.json.error).toContain(`Line ${line}`);
    }
    const tooMany = await upload(`${header}\n${`a,${h.accounts[0]},${future(5)}\n`.repeat(5001)}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({ code: 'BULK_CSV_TOO_MANY_ROWS', details: { limit: 5000, actual: 5001 } });
    const tooLarge = await upload(`${header}\n"${'x'.repeat(5 * 1024 * 1024)}",${h.accounts[0]},${future(5)}\n`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toMatchObject({ code: 'BULK_CSV_TOO_LARGE', details: { limit: 5 * 1024 * 1024 } });
    const notUtf8 = await upload(new Uint8Array([0x70, 0x6f, 0x73, 0x74, 0x5f, 0xff, 0x0a]));
    expect(notUtf8.json).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { file: ['must be UTF-8 text'] } } });
    expect((await h.call('GET', '/posts')).json.posts).toHaveLength(0);
  });

  it('takes multipart only on this route, and only with a file part named file', async () => {
    const wrongPart = await upload('post_content\nx\n', '', 'csv');
    expect(wrongPart.status).toBe(400);
    expect(wrongPart.json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'csv' });
    const json = await h.call('POST', '/posts/bulk-upload', { file: 'post_content\nx' });
    expect(json.status).toBe(415);
    expect(json.json.error).toContain('multipart/form-data');
    const text = await fetch(`${h.origin}/api/v1/posts/bulk-upload`, { method: 'POST', headers: { ...h.auth(), 'content-type': 'text/csv' }, body: 'post_content\nx\n' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Json).code).toBe('REQUEST_UNSUPPORTED_MEDIA_TYPE');
    const form = new FormData();
    form.append('content', 'hello');
    const elsewhere = await fetch(`${h.origin}/api/v1/posts`, { method: 'POST', headers: h.auth(), body: form });
    expect(elsewhere.status).toBe(415);
    expect(((await elsewhere.json()) as Json).code).toBe('REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });
});
