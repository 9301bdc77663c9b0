import { expect, it } from 'vitest';
import { createTestApi } from '../helpers/context.js';

it('serves the in-process TikTok emulator under /sandbox/tiktok cleanly beside Outbox’s own hooks', async () => {
  const t = await createTestApi('sqlite');
  const warnings: string[] = [];
  // Outbox's async onSend hooks once made emulator replies go out twice ("Reply was already sent").
  (t.app.log as unknown as { warn: (...args: unknown[]) => void }).warn = (...args) => warnings.push(JSON.stringify(args).slice(0, 300));
  try {
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const userInfo = await fetch(`${origin}/sandbox/tiktok/v2/user/info/?fields=open_id`, { headers: { authorization: 'Bearer act.unknown' } });
    expect(userInfo.status).toBe(401);
    expect(((await userInfo.json()) as { error: { code: string } }).error.code).toBe('access_token_invalid');
    const creator = await fetch(`${origin}/sandbox/tiktok/v2/post/publish/creator_info/query/`, { method: 'POST', headers: { authorization: 'Bearer act.unknown' } });
    expect(creator.status).toBe(401);
    const state = await fetch(`${origin}/sandbox/tiktok/__control/state`);
    expect(state.status).toBe(200);
    expect(warnings).toEqual([]);
  } finally {
    await t.close();
  }
});
