import { describe, expect, it } from 'vitest';
import type { PublishTarget } from '../publish-target.js';
import { generatedVideo, servedImage, videoTarget } from './adapter-test-helpers.js';
import type { TikTokCreatorInfo } from './creator-info.js';
import { validateTikTokTarget } from './validate.js';

const PRIVATE_CREATOR: TikTokCreatorInfo = {
  username: 'sandbox.private',
  nickname: 'Sandbox Private Creator',
  avatarUrl: undefined,
  privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: true,
  maxVideoPostDurationSec: 180,
};

function codes(target: PublishTarget, creator?: TikTokCreatorInfo): string[] {
  return validateTikTokTarget(target, creator).map((violation) => `${violation.code} ${violation.field}`);
}

const video = () => generatedVideo(6_000_000);
const photo = (url?: string) => ({ ...servedImage(url ?? 'https://cdn.example.com/a.jpeg', 5000), publicUrl: url });

describe('validateTikTokTarget', () => {
  it('accepts a valid video and a valid photo post', () => {
    expect(codes(videoTarget(video()))).toEqual([]);
    expect(codes({ content: 'x', media: [photo('https://cdn.example.com/a.jpeg')], platformSettings: { privacy_level: 'SELF_ONLY' } })).toEqual([]);
  });

  it('refuses a text-only post: TikTok needs media', () => {
    expect(codes({ content: 'just words', media: [], platformSettings: { privacy_level: 'SELF_ONLY' } })).toEqual(['MEDIA_REQUIRED media']);
  });

  it('counts the caption in UTF-16 units, as TikTok does', () => {
    expect(codes(videoTarget(video(), undefined, 'a'.repeat(2200)))).toEqual([]);
    // 1100 emoji are 1100 code points but 2200 UTF-16 units; one more character crosses the limit.
    expect(codes(videoTarget(video(), undefined, `${'😀'.repeat(1100)}!`))).toEqual(['POST_CAPTION_TOO_LONG caption']);
  });

  it('applies the media rules: duration, format, kinds', () => {
    expect(codes(videoTarget(generatedVideo(6_000_000, { probe: { durationMs: 2000 } })))).toEqual(['MEDIA_DURATION_TOO_SHORT media[0].durationMs']);
    const png = { ...photo('https://cdn.example.com/a.png'), probe: { ...photo().probe, container: 'png' as const, mimeType: 'image/png' } };
    expect(codes({ content: '', media: [png], platformSettings: { privacy_level: 'SELF_ONLY' } })).toEqual(['MEDIA_FORMAT_NOT_ALLOWED media[0].container']);
    expect(codes({ content: '', media: [video(), photo('https://cdn.example.com/a.jpeg')], platformSettings: { privacy_level: 'SELF_ONLY' } })).toContain(
      'MEDIA_MIXED_KINDS_NOT_ALLOWED media',
    );
  });

  it('needs a public URL for every photo', () => {
    expect(codes({ content: '', media: [photo(undefined)], platformSettings: { privacy_level: 'SELF_ONLY' } })).toEqual(['MEDIA_PUBLIC_URL_REQUIRED media[0]']);
  });

  it('checks photo title and description against their own limits', () => {
    const target = { content: 'd'.repeat(4001), media: [photo('https://x.example/a.jpeg')], platformSettings: { privacy_level: 'SELF_ONLY', photo_title: 't'.repeat(91) } };
    expect(codes(target)).toEqual(['POST_CAPTION_TOO_LONG photoDescription', 'POST_CAPTION_TOO_LONG photoTitle']);
  });

  it('needs a privacy level for a direct post but not for a draft', () => {
    expect(codes(videoTarget(video(), {}))).toEqual(['POST_SETTING_REQUIRED platformSettings.privacy_level']);
    expect(codes(videoTarget(video(), { post_mode: 'MEDIA_UPLOAD' }))).toEqual([]);
  });

  it('refuses unknown or mistyped settings and an impossible cover index', () => {
    expect(codes(videoTarget(video(), { privacy_level: 'SELF_ONLY', allowComment: true }))).toEqual(['POST_SETTING_INVALID platformSettings.allowComment']);
    expect(codes(videoTarget(video(), { privacy_level: 'EVERYONE' }))).toEqual(['POST_SETTING_INVALID platformSettings.privacy_level']);
    const photos = { content: '', media: [photo('https://x.example/a.jpeg')], platformSettings: { privacy_level: 'SELF_ONLY', photo_cover_index: 1 } };
    expect(codes(photos)).toEqual(['POST_SETTING_INVALID platformSettings.photo_cover_index']);
  });

  it("checks the creator's live options when they are known", () => {
    expect(codes(videoTarget(video()), PRIVATE_CREATOR)).toEqual(['POST_PRIVACY_LEVEL_NOT_ALLOWED platformSettings.privacy_level']);
    const long = videoTarget(generatedVideo(6_000_000, { probe: { durationMs: 181_000 } }), { privacy_level: 'SELF_ONLY' });
    expect(codes(long, PRIVATE_CREATOR)).toEqual(['MEDIA_DURATION_TOO_LONG media[0].durationMs']);
    expect(codes(videoTarget(video(), { privacy_level: 'SELF_ONLY' }), PRIVATE_CREATOR)).toEqual([]);
  });
});
