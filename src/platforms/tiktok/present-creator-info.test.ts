import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTikTokTestbed, type TikTokTestbed } from './adapter-test-helpers.js';

let bed: TikTokTestbed;

beforeEach(async () => {
  bed = await startTikTokTestbed();
});

afterEach(async () => {
  await bed.app.close();
});

describe('TikTok account info', () => {
  it('reads creator_info and presents it as the creator-info response', async () => {
    const { accessToken } = await bed.connect({ openId: 'sandbox-open-id-private' });
    const info = await bed.adapter.accountInfo?.(accessToken);
    expect(info).toEqual({
      username: 'sandbox.private',
      nickname: 'Sandbox Private Creator',
      avatarUrl: 'https://example.com/avatars/sandbox.private.jpeg',
      privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      commentDisabled: false,
      duetDisabled: false,
      stitchDisabled: true,
      maxVideoPostDurationSec: 180,
    });
    expect(bed.adapter.accountInfoName).toBe('creator-info');
    const body = bed.adapter.present?.accountInfo?.(info as NonNullable<typeof info>);
    expect(body).toMatchObject({
      creator: { nickname: 'Sandbox Private Creator', username: 'sandbox.private', canPostMore: true },
      privacyLevels: [
        { value: 'FOLLOWER_OF_CREATOR', label: 'Followers' },
        { value: 'MUTUAL_FOLLOW_FRIENDS', label: 'Friends' },
        { value: 'SELF_ONLY', label: 'Only me' },
      ],
      postingLimits: {
        maxVideoDurationSec: 180,
        interactionSettings: { allow_comment: { enabled: true, required: true }, allow_stitch: { enabled: false, required: true } },
      },
    });
  });
});
