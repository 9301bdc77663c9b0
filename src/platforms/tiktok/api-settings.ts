import type { TargetViolation } from '../target-violation.js';
import { tiktokSettingsSchema, type TikTokSettingsInput } from './settings.js';

/**
 * The public API's TikTok options (the SDK's TikTokPlatformData, camelCase, "allow…" flags) converted to the
 * adapter's settings (TikTok's own names, "disable…" flags). Options TikTok's public Content Posting API has no
 * field for (commercial music, locations, ads-only posts, custom cover images) are refused by name rather than
 * dropped, so nobody believes a post carries something it will not.
 */
const UNSUPPORTED: Record<string, string> = {
  videoCoverImageUrl: 'custom cover images are not part of TikTok\'s Content Posting API; use videoCoverTimestampMs',
  musicSoundInfo: 'commercial music needs the TikTok for Business API, which Outbox does not use',
  videoOriginalSoundVolume: 'commercial music needs the TikTok for Business API, which Outbox does not use',
  locationId: 'location tags need the TikTok for Business API, which Outbox does not use',
  locationName: 'location tags need the TikTok for Business API, which Outbox does not use',
  isAdsOnly: 'ads-only posts need the TikTok for Business API, which Outbox does not use',
};

/** Options accepted and not sent: TikTok's UX rules ask apps to collect them, and the media decides the type. */
const ACKNOWLEDGED = new Set(['contentPreviewConfirmed', 'expressConsentGiven', 'mediaType']);

type Converter = (value: unknown, out: TikTokSettingsInput, field: string) => TargetViolation | undefined;

function expectType(kind: 'boolean' | 'number' | 'string', field: string, value: unknown): TargetViolation | undefined {
  if (typeof value === kind && (kind !== 'number' || Number.isInteger(value))) return undefined;
  return { code: 'POST_SETTING_INVALID', field, message: `${field}: must be ${kind === 'number' ? 'an integer' : `a ${kind}`}` };
}

const CONVERTERS: Record<string, Converter> = {
  draft: (v, out, f) => expectType('boolean', f, v) ?? void (out.post_mode = v === true ? 'MEDIA_UPLOAD' : 'DIRECT_POST'),
  privacyLevel: (v, out, f) => expectType('string', f, v) ?? void (out.privacy_level = v as TikTokSettingsInput['privacy_level']),
  allowComment: (v, out, f) => expectType('boolean', f, v) ?? void (out.disable_comment = v === false),
  allowDuet: (v, out, f) => expectType('boolean', f, v) ?? void (out.disable_duet = v === false),
  allowStitch: (v, out, f) => expectType('boolean', f, v) ?? void (out.disable_stitch = v === false),
  commercialContentType: (v, out, f) => {
    if (v !== 'none' && v !== 'brand_organic' && v !== 'brand_content') {
      return { code: 'POST_SETTING_INVALID', field: f, message: `${f}: must be one of none, brand_organic, brand_content` };
    }
    if (v === 'brand_organic') out.brand_organic_toggle = true;
    if (v === 'brand_content') out.brand_content_toggle = true;
    return undefined;
  },
  brandPartnerPromote: (v, out, f) => expectType('boolean', f, v) ?? void (out.brand_content_toggle = v === true),
  isBrandOrganicPost: (v, out, f) => expectType('boolean', f, v) ?? void (out.brand_organic_toggle = v === true),
  videoCoverTimestampMs: (v, out, f) => expectType('number', f, v) ?? void (out.video_cover_timestamp_ms = v as number),
  photoCoverIndex: (v, out, f) => expectType('number', f, v) ?? void (out.photo_cover_index = v as number),
  autoAddMusic: (v, out, f) => expectType('boolean', f, v) ?? void (out.auto_add_music = v === true),
  videoMadeWithAi: (v, out, f) => expectType('boolean', f, v) ?? void (out.is_aigc = v === true),
  description: (v, out, f) => expectType('string', f, v) ?? void (out.photo_description = v as string),
  title: (v, out, f) => expectType('string', f, v) ?? void (out.photo_title = v as string),
};

/**
 * Converts `platformSpecificData` of a TikTok target. Explicit boolean flags win over `commercialContentType`, as the
 * SDK documents; every problem is reported at once, each naming its field under `fieldBase`.
 */
export function tiktokSettingsFromApi(
  data: Readonly<Record<string, unknown>>,
  fieldBase = 'platformSpecificData',
): { settings: TikTokSettingsInput; violations: TargetViolation[] } {
  const settings: TikTokSettingsInput = {};
  const violations: TargetViolation[] = [];
  // commercialContentType first, so the explicit flags converted after it override what it implies.
  const keys = Object.keys(data).sort((a, b) => Number(b === 'commercialContentType') - Number(a === 'commercialContentType'));
  for (const key of keys) {
    const value = data[key];
    const field = `${fieldBase}.${key}`;
    if (value === undefined || value === null) continue;
    if (ACKNOWLEDGED.has(key)) continue;
    const reason = UNSUPPORTED[key];
    if (reason !== undefined) {
      violations.push({ code: 'POST_SETTING_INVALID', field, message: `${field}: not supported (${reason})` });
      continue;
    }
    if (Object.hasOwn(tiktokSettingsSchema.shape, key)) {
      // TikTok's own snake_case names are accepted as well; the adapter's schema checks their values.
      (settings as Record<string, unknown>)[key] = value;
      continue;
    }
    const convert = CONVERTERS[key];
    if (convert === undefined) {
      violations.push({ code: 'POST_SETTING_INVALID', field, message: `${field}: unknown TikTok option` });
      continue;
    }
    const violation = convert(value, settings, field);
    if (violation) violations.push(violation);
  }
  return { settings, violations };
}
