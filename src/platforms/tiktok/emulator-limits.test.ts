import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connect, fileInitBody, postJson, startEmulator, type Answer, type EmulatorHarness } from './emulator-test-helpers.js';

let harness: EmulatorHarness;
let token: string;

beforeEach(async () => {
  harness = await startEmulator();
  token = (await connect(harness)).access_token;
});

afterEach(async () => {
  await harness.close();
});

const INIT = '/v2/post/publish/video/init/';
const INBOX = '/v2/post/publish/inbox/video/init/';
const small = () => fileInitBody(1000, 1000, 1);
const inboxBody = { source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 } };

async function repeat(times: number, request: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let index = 0; index < times; index += 1) answers.push(await request());
  return answers;
}

function setLimits(body: unknown): Promise<Answer> {
  return call(`${harness.base}/__control/limits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('per-token rate limits', () => {
  it('refuses the 7th init in a minute with 429 and no invented rate-limit headers, then lets the window slide', async () => {
    const answers = await repeat(6, () => postJson(harness, INIT, token, small()));
    expect(answers.map((answer) => answer.json.error.code)).toEqual(Array(6).fill('ok'));
    harness.clock.advance(30_000);
    const seventh = await postJson(harness, INIT, token, small());
    expect(seventh.status).toBe(429);
    expect(seventh.json.error.code).toBe('rate_limit_exceeded');
    expect([...seventh.headers.keys()].filter((name) => /ratelimit|retry-after/i.test(name))).toEqual([]);
    harness.clock.advance(29_999);
    expect((await postJson(harness, INIT, token, small())).status).toBe(429);
    harness.clock.advance(1);
    expect((await postJson(harness, INIT, token, small())).json.error.code).toBe('ok');
  });

  it('keeps one window per token and per endpoint', async () => {
    await repeat(6, () => postJson(harness, INIT, token, small()));
    expect((await postJson(harness, INIT, token, small())).status).toBe(429);
    const other = (await connect(harness, { openId: 'sandbox-open-id-private' })).access_token;
    expect((await postJson(harness, INIT, other, small())).json.error.code).toBe('ok');
    expect((await postJson(harness, INBOX, token, inboxBody)).json.error.code).toBe('ok');
  });

  it('allows 20 creator_info and 30 status calls per minute', async () => {
    const info = await repeat(21, () => postJson(harness, '/v2/post/publish/creator_info/query/', token));
    expect(info.filter((answer) => answer.status === 200)).toHaveLength(20);
    expect(info[20]?.json.error.code).toBe('rate_limit_exceeded');
    const status = await repeat(31, () => postJson(harness, '/v2/post/publish/status/fetch/', token, { publish_id: 'x' }));
    expect(status.filter((answer) => answer.json.error.code === 'invalid_publish_id')).toHaveLength(30);
    expect(status[30]?.status).toBe(429);
  });

  it('can be raised through the control API for load tests', async () => {
    const raised = await setLimits({ rateLimitsPerMinute: { videoInit: 10 } });
    expect(raised.json.rateLimitsPerMinute.videoInit).toBe(10);
    const answers = await repeat(11, () => postJson(harness, INIT, token, small()));
    expect(answers.filter((answer) => answer.json.error.code === 'ok')).toHaveLength(10);
    expect(answers[10]?.status).toBe(429);
  });
});

describe('rolling 24 h caps', () => {
  it('refuses the 16th direct post in 24 h with 403 spam_risk_too_many_posts and reports it on creator_info', async () => {
    await setLimits({ rateLimitsPerMinute: { videoInit: 1000, creatorInfo: 1000 } });
    for (let index = 0; index < 15; index += 1) {
      expect((await postJson(harness, INIT, token, small())).json.error.code).toBe('ok');
      harness.clock.advance(60 * 60 * 1000);
    }
    const capped = await postJson(harness, INIT, token, small());
    expect(capped.status).toBe(403);
    expect(capped.json.error.code).toBe('spam_risk_too_many_posts');
    const info = await postJson(harness, '/v2/post/publish/creator_info/query/', token);
    expect(info.status).toBe(200);
    expect(info.json.error.code).toBe('spam_risk_too_many_posts');
    // The first post was made 15 h ago; nine more hours free exactly one slot.
    harness.clock.advance(9 * 60 * 60 * 1000);
    const fresh = (await connect(harness)).access_token;
    expect((await postJson(harness, INIT, fresh, small())).json.error.code).toBe('ok');
    expect((await postJson(harness, INIT, fresh, small())).json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('refuses the 6th pending inbox share in 24 h with spam_risk_too_many_pending_share', async () => {
    await setLimits({ rateLimitsPerMinute: { inboxVideoInit: 100 } });
    const shares = await repeat(6, () => postJson(harness, INBOX, token, inboxBody));
    expect(shares.slice(0, 5).every((answer) => answer.json.error.code === 'ok')).toBe(true);
    expect(shares[5]?.status).toBe(403);
    expect(shares[5]?.json.error.code).toBe('spam_risk_too_many_pending_share');
  });

  it('takes a higher daily cap from the options without touching the defaults of other emulators', async () => {
    await harness.close();
    harness = await startEmulator({ limits: { directPostsPer24h: 2 } });
    token = (await connect(harness)).access_token;
    const answers = await repeat(3, () => postJson(harness, INIT, token, small()));
    expect(answers.map((answer) => answer.json.error.code)).toEqual(['ok', 'ok', 'spam_risk_too_many_posts']);
    expect(harness.emulator.state.limits().pendingSharesPer24h).toBe(5);
  });
});

describe('optional rate-limit headers', () => {
  it('adds X-RateLimit-* and Retry-After only when asked to', async () => {
    await harness.close();
    harness = await startEmulator({ rateLimitHeaders: true });
    token = (await connect(harness)).access_token;
    const first = await postJson(harness, INIT, token, small());
    expect(first.headers.get('x-ratelimit-limit')).toBe('6');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('5');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((harness.clock.now() + 60_000) / 1000));
    await repeat(5, () => postJson(harness, INIT, token, small()));
    harness.clock.advance(20_000);
    const refused = await postJson(harness, INIT, token, small());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBe('40');
  });
});
