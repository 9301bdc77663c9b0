import { describe, expect, it } from 'vitest';
import { MEDIA_PROBE_ERROR_CODES } from '../probe/media-probe-error.js';
import { getPlatformRules, listPlatforms } from './platform-registry.js';
import { VIOLATION_CODE_LIST } from './violation-codes.js';

// The file names of shared/platforms/*.md, except that X is `twitter` as the SDK calls it.
const EXPECTED_IDS = [
  'tiktok', 'youtube', 'twitter', 'instagram', 'facebook', 'threads', 'linkedin', 'pinterest', 'bluesky', 'mastodon',
  'reddit', 'telegram', 'google-business',
];

describe('platform rules registry', () => {
  it('covers the 13 platforms', () => {
    expect([...listPlatforms()].sort()).toEqual([...EXPECTED_IDS].sort());
    expect(getPlatformRules('x')).toBeUndefined();
    expect(getPlatformRules('toString')).toBeUndefined();
  });

  it.each(EXPECTED_IDS)('%s has consistent rules with sources', (id) => {
    const rules = getPlatformRules(id);
    expect(rules?.id).toBe(id);
    if (rules === undefined) return;
    expect(rules.captions.caption.maxLength).toBeGreaterThan(0);
    expect(rules.sources.some((s) => s.startsWith('shared/platforms/'))).toBe(true);
    expect(rules.video !== undefined || rules.image !== undefined).toBe(true);
    expect(rules.media.maxImages).toBeLessThanOrEqual(rules.media.maxItems);
    expect(rules.media.maxVideos).toBeLessThanOrEqual(rules.media.maxItems);
    for (const kind of [rules.video, rules.image]) {
      if (kind === undefined) continue;
      expect(kind.source.length).toBeGreaterThan(0);
      if (kind.minAspectRatio !== undefined && kind.maxAspectRatio !== undefined) {
        expect(kind.minAspectRatio).toBeLessThan(kind.maxAspectRatio);
      }
    }
    if (rules.video !== undefined && rules.video.minDurationMs !== undefined && rules.video.maxDurationMs !== undefined) {
      expect(rules.video.minDurationMs).toBeLessThan(rules.video.maxDurationMs);
    }
  });

  it('holds the product TikTok rules', () => {
    const tiktok = getPlatformRules('tiktok');
    expect(tiktok?.video).toMatchObject({
      containers: ['mp4', 'mov', 'webm'],
      maxBytes: 1024 ** 3,
      minDurationMs: 3000,
      maxDurationMs: 600_000,
      minWidth: 360,
      minHeight: 360,
      maxWidth: 4096,
      maxHeight: 4096,
      minFrameRate: 23,
      maxFrameRate: 60,
    });
    expect(tiktok?.captions.caption).toMatchObject({ maxLength: 2200, unit: 'utf16' });
    expect(tiktok?.captions.photoTitle?.maxLength).toBe(90);
    expect(tiktok?.captions.photoDescription?.maxLength).toBe(4000);
    expect(tiktok?.media.maxImages).toBe(35);
    expect(tiktok?.dailyPostCap).toBe(25);
  });

  it('hands out frozen rules', () => {
    const rules = getPlatformRules('tiktok');
    expect(Object.isFrozen(rules)).toBe(true);
    expect(Object.isFrozen(rules?.video?.containers)).toBe(true);
  });

  it('keeps violation and probe codes distinct, prefixed and SCREAMING_SNAKE', () => {
    const all = [...VIOLATION_CODE_LIST, ...Object.keys(MEDIA_PROBE_ERROR_CODES)];
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(code).toMatch(/^(MEDIA|POST)_[A-Z0-9_]+$/);
  });
});
