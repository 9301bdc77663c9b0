import type { MediaProbe } from '../probe/media-probe.js';
import { checkDimensions, violation } from './check-dimensions.js';
import { getPlatformRules } from './platform-registry.js';
import type { ImageFormatOverride, ImageRules, VideoRules } from './platform-rules.js';
import { unknownPlatform } from './unknown-platform.js';
import type { Violation } from './violation-codes.js';

/** Options for checking one media item. */
export interface ValidateMediaOptions {
  /** Request field naming the item, prefixed to each violation's field, e.g. `mediaItems[2]`. (Default: 'media') */
  field?: string;
}

// Frame rates are averages (29.97 for "30"), so a hair of slack avoids failing a rate that sits on a bound.
const FRAME_RATE_TOLERANCE = 0.01;

/**
 * Checks one probed file against the platform's video or image rules and returns every violation (format, codecs,
 * duration, dimensions, aspect ratio, frame rate, size, moov position). Values the probe could not determine are
 * not checked. Pure.
 */
export function validateMediaAgainstRules(
  platform: string,
  probe: MediaProbe,
  opts: ValidateMediaOptions = {},
): Violation[] {
  const rules = getPlatformRules(platform);
  if (rules === undefined) return [unknownPlatform(platform)];
  const field = opts.field ?? 'media';
  if (probe.kind === 'video' && rules.video !== undefined) return checkVideo(rules.video, probe, field);
  if (probe.kind === 'image' && rules.image !== undefined) return checkImage(rules.image, probe, field);
  const message = `${rules.displayName} does not accept ${probe.kind}s through its API.`;
  return [violation('MEDIA_KIND_NOT_SUPPORTED', field, message, undefined, probe.kind)];
}

function checkVideo(rules: VideoRules, probe: MediaProbe, field: string): Violation[] {
  const { container, videoCodec, audioCodec } = probe;
  const violations: Violation[] = [
    ...notAllowed('MEDIA_FORMAT_NOT_ALLOWED', `${field}.container`, 'container', rules.containers, container),
    ...notAllowed('MEDIA_CODEC_NOT_ALLOWED', `${field}.videoCodec`, 'video codec', rules.videoCodecs, videoCodec),
    ...notAllowed('MEDIA_AUDIO_CODEC_NOT_ALLOWED', `${field}.audioCodec`, 'audio codec', rules.audioCodecs, audioCodec),
  ];
  const duration = probe.durationMs;
  const durationField = `${field}.durationMs`;
  if (duration !== undefined && rules.minDurationMs !== undefined && duration < rules.minDurationMs) {
    const message = `The video lasts ${seconds(duration)}; the minimum is ${seconds(rules.minDurationMs)}.`;
    violations.push(violation('MEDIA_DURATION_TOO_SHORT', durationField, message, rules.minDurationMs, duration));
  }
  if (duration !== undefined && rules.maxDurationMs !== undefined && duration > rules.maxDurationMs) {
    const message = `The video lasts ${seconds(duration)}; the maximum is ${seconds(rules.maxDurationMs)}.`;
    violations.push(violation('MEDIA_DURATION_TOO_LONG', durationField, message, rules.maxDurationMs, duration));
  }
  violations.push(...checkFrameRate(rules, probe.frameRate, field));
  violations.push(...checkDimensions(rules, probe, field));
  violations.push(...checkBytes(rules, probe.sizeBytes, field));
  if (rules.requireMoovAtStart === true && probe.moovAtEnd === true) {
    const message = 'The moov index follows the media data; re-mux it as "fast start" (ffmpeg -movflags +faststart).';
    violations.push(violation('MEDIA_MOOV_NOT_AT_START', `${field}.moovAtEnd`, message));
  }
  return violations;
}

function checkImage(rules: ImageRules, probe: MediaProbe, field: string): Violation[] {
  const overrides: Partial<Record<string, ImageFormatOverride>> = rules.formatOverrides ?? {};
  const effective = { ...rules, ...overrides[probe.container] };
  return [
    ...notAllowed('MEDIA_FORMAT_NOT_ALLOWED', `${field}.container`, 'image format', rules.formats, probe.container),
    ...checkDimensions(effective, probe, field),
    ...checkBytes(effective, probe.sizeBytes, field),
  ];
}

function notAllowed(
  code: Violation['code'],
  field: string,
  what: string,
  allowed: readonly string[] | undefined,
  actual: string | undefined,
): Violation[] {
  if (allowed === undefined || actual === undefined || allowed.includes(actual)) return [];
  const message = `The ${what} ${actual} is not accepted (allowed: ${allowed.join(', ')}).`;
  return [violation(code, field, message, [...allowed], actual)];
}

function checkFrameRate(rules: VideoRules, frameRate: number | undefined, field: string): Violation[] {
  if (frameRate === undefined) return [];
  const { minFrameRate: min, maxFrameRate: max } = rules;
  const low = min !== undefined && frameRate < min - FRAME_RATE_TOLERANCE;
  const high = max !== undefined && frameRate > max + FRAME_RATE_TOLERANCE;
  if (!low && !high) return [];
  const range = `${min ?? 0}–${max ?? '∞'} fps`;
  const message = `${frameRate} fps is outside ${range}.`;
  return [violation('MEDIA_FRAME_RATE_OUT_OF_RANGE', `${field}.frameRate`, message, range, frameRate)];
}

function checkBytes(rules: { minBytes?: number; maxBytes?: number }, size: number, field: string): Violation[] {
  if (rules.maxBytes !== undefined && size > rules.maxBytes) {
    const message = `The file is ${formatBytes(size)}; the maximum is ${formatBytes(rules.maxBytes)}.`;
    return [violation('MEDIA_TOO_LARGE', `${field}.sizeBytes`, message, rules.maxBytes, size)];
  }
  if (rules.minBytes !== undefined && size < rules.minBytes) {
    const message = `The file is ${formatBytes(size)}; the minimum is ${formatBytes(rules.minBytes)}.`;
    return [violation('MEDIA_TOO_SMALL', `${field}.sizeBytes`, message, rules.minBytes, size)];
  }
  return [];
}

function seconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}

function formatBytes(bytes: number): string {
  const units = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100} ${unit}`;
  }
  return `${bytes} bytes`;
}
