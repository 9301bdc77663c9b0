import { listPlatforms, getPlatformRules } from './platform-registry.js';
import type { CaptionRule, CaptionUnit, DimensionRules, ImageRules, PlatformRules } from './platform-rules.js';

const UNIT_TEXT: Readonly<Record<CaptionUnit, string>> = {
  utf16: 'UTF-16 code units',
  weighted:
    'weighted (twitter-text): 1 per code point in the Latin/punctuation ranges, 2 per other code point, ' +
    '2 per emoji sequence',
  graphemes: 'graphemes (`Intl.Segmenter`, granularity grapheme)',
  utf8_bytes: 'UTF-8 bytes',
  emoji_utf8: 'code points, but each emoji counts its UTF-8 byte length',
};

/**
 * Renders the rule tables of every platform as Markdown, for docs/media-rules.md. The docs embed this output
 * between markers and a test keeps them identical, so the documentation cannot drift from the data.
 */
export function renderPlatformRulesMarkdown(): string {
  return listPlatforms()
    .map((id) => renderPlatform(getPlatformRules(id) as PlatformRules))
    .join('\n');
}

function renderPlatform(rules: PlatformRules): string {
  const lines = [`### ${rules.displayName} (\`${rules.id}\`)`, ''];
  if (rules.dailyPostCap !== undefined) lines.push(`Daily cap: ${rules.dailyPostCap} posts per account per 24 h.`, '');
  lines.push(...renderMedia(rules), '', ...renderCaptions(rules), '');
  if (rules.notes.length > 0) lines.push('Not enforced / caveats:', ...rules.notes.map((n) => `- ${n}`), '');
  lines.push('Sources:', ...rules.sources.map((s) => `- ${s}`), '');
  return lines.join('\n');
}

function renderMedia(rules: PlatformRules): string[] {
  const { video, image, media } = rules;
  const rows: [string, string, string][] = [
    ['Formats', video?.containers.join(', ') ?? 'not accepted', image?.formats.join(', ') ?? 'not accepted'],
    ['Video codecs', video ? list(video.videoCodecs) : '', ''],
    ['Audio codecs', video ? list(video.audioCodecs) : '', ''],
    ['Duration', video ? range(video.minDurationMs, video.maxDurationMs, duration) : '', ''],
    ['Frame rate', video ? range(video.minFrameRate, video.maxFrameRate, (f) => `${f} fps`) : '', ''],
    ['Dimensions', video ? dimensions(video) : '', image ? dimensions(image) : ''],
    ['Aspect ratio (w ÷ h)', video ? aspect(video) : '', image ? aspect(image) : ''],
    ['File size', video ? sizeRange(video) : '', image ? sizeRange(image) : ''],
    ['Other', video?.requireMoovAtStart ? 'moov before mdat ("fast start")' : '', image ? overrides(image) : ''],
    ['Source', video?.source ?? '', image?.source ?? ''],
  ];
  const table = ['| Rule | Video | Image |', '|---|---|---|'];
  for (const [rule, v, i] of rows) table.push(`| ${rule} | ${v || '—'} | ${i || '—'} |`);
  const min = media.minItems ?? 0;
  const set = [min === media.maxItems ? `exactly ${min} attachment` : `${min}–${media.maxItems} attachments`];
  if (image) set.push(`≤ ${media.maxImages} images`);
  if (video) set.push(`≤ ${media.maxVideos} video${media.maxVideos === 1 ? '' : 's'}`);
  if (image && video) set.push(media.allowMixed ? 'images and videos may be mixed' : 'no mixing of images and videos');
  if (media.gifMustBeAlone) set.push('a GIF must be the only attachment');
  if (media.requireSameImageDimensions) set.push('all images the same dimensions');
  return [...table, '', `Attachments per post: ${set.join('; ')}. Source: ${media.source}.`];
}

function renderCaptions(rules: PlatformRules): string[] {
  const table = ['| Text field | Max | Counted as | Also | Source |', '|---|---|---|---|---|'];
  for (const [field, rule] of Object.entries(rules.captions)) {
    const max = rule.maxLength.toLocaleString('en-US');
    table.push(`| \`${field}\` | ${max} | ${UNIT_TEXT[rule.unit]} | ${captionExtras(rule) || '—'} | ${rule.source} |`);
  }
  return table;
}

function captionExtras(rule: CaptionRule): string {
  const extras: string[] = [];
  if (rule.maxLengthWithMedia !== undefined) extras.push(`≤ ${rule.maxLengthWithMedia} with media`);
  if (rule.urlLength !== undefined) extras.push(`each URL counts ${rule.urlLength}`);
  if (rule.mentionsWithoutDomain) extras.push('`@user@domain` counts as `@user`');
  if (rule.maxUtf8Bytes !== undefined) extras.push(`≤ ${rule.maxUtf8Bytes.toLocaleString('en-US')} UTF-8 bytes`);
  if (rule.required) extras.push('required');
  if (rule.maxHashtags !== undefined) extras.push(`≤ ${rule.maxHashtags} hashtags`);
  if (rule.maxMentions !== undefined) extras.push(`≤ ${rule.maxMentions} mentions`);
  if (rule.maxLinks !== undefined) extras.push(`≤ ${rule.maxLinks} links`);
  if (rule.forbiddenCharacters) extras.push(`no ${rule.forbiddenCharacters.map((c) => `\`${c}\``).join(' ')}`);
  return extras.join('; ');
}

function sizeRange(rules: { minBytes?: number; maxBytes?: number }): string {
  return range(rules.minBytes, rules.maxBytes, bytes);
}

function list(values: string[] | undefined): string {
  return values === undefined ? 'any' : values.join(', ');
}

function range(min: number | undefined, max: number | undefined, format: (n: number) => string): string {
  if (min === undefined && max === undefined) return 'any';
  if (min === undefined) return `≤ ${format(max as number)}`;
  if (max === undefined) return `≥ ${format(min)}`;
  return `${format(min)} – ${format(max)}`;
}

function dimensions(rules: DimensionRules): string {
  const parts: string[] = [];
  const px = (n: number): string => `${n.toLocaleString('en-US')} px`;
  if (rules.minWidth !== undefined) parts.push(`width ≥ ${px(rules.minWidth)}`);
  if (rules.minHeight !== undefined) parts.push(`height ≥ ${px(rules.minHeight)}`);
  if (rules.maxWidth !== undefined) parts.push(`width ≤ ${px(rules.maxWidth)}`);
  if (rules.maxHeight !== undefined) parts.push(`height ≤ ${px(rules.maxHeight)}`);
  if (rules.maxLongSide !== undefined) parts.push(`longer side ≤ ${px(rules.maxLongSide)}`);
  if (rules.maxShortSide !== undefined) parts.push(`shorter side ≤ ${px(rules.maxShortSide)}`);
  if (rules.maxPixels !== undefined) parts.push(`≤ ${rules.maxPixels.toLocaleString('en-US')} pixels`);
  if (rules.maxSideSum !== undefined) parts.push(`width + height ≤ ${px(rules.maxSideSum)}`);
  return parts.length > 0 ? parts.join('; ') : 'any';
}

function aspect(rules: DimensionRules): string {
  const ratio = (n: number): string => String(Math.round(n * 1000) / 1000);
  return range(rules.minAspectRatio, rules.maxAspectRatio, ratio);
}

function overrides(rules: ImageRules): string {
  const described = Object.entries(rules.formatOverrides ?? {}).map(([format, override]) => {
    const size = override.maxBytes === undefined ? [] : [`≤ ${bytes(override.maxBytes)}`];
    return `${format}: ${[...size, dimensions(override)].join('; ')}`;
  });
  return described.join(' / ');
}

function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** Formats a byte count as the largest binary unit that divides it exactly, else in bytes. */
function bytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n.toLocaleString('en-US')} bytes`;
}
