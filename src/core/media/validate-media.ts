import type { AppContext } from '../../context.js';
import type { ImageFormat, MediaProbe } from '../../media/probe/index.js';
import { getPlatformRules, listPlatforms, validateMediaAgainstRules, type PlatformRules } from '../../media/rules/index.js';
import type { UploadRow } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { validateMediaSource, type MediaSource } from './validate-media-source.js';
import { apiPlatformName } from './validate-platform-name.js';
import { toRequestViolation, type RequestViolation } from './validate-request-violation.js';

/** One media item to check against every platform. */
export interface ValidateMediaInput extends MediaSource {
  /** Origin the request came in at, to recognise this instance's media URLs when OUTBOX_PUBLIC_URL is unset. */
  origin: string;
}

/** How one file fares on one platform. */
export interface PlatformMediaResult {
  /** True when the file breaks none of the platform's per-file rules. */
  valid: boolean;
  /** Every rule it breaks, all at once. */
  violations: RequestViolation[];
}

/** The platform's file-size cap for this kind and format of media, next to the file's size. */
export interface PlatformSizeLimit {
  /** Maximum size in bytes. */
  limit: number;
  /** Whether the file is within it. */
  withinLimit: boolean;
}

/** A file checked against every platform, or the reason it could not be looked at. */
export type MediaValidation =
  | {
      ok: true;
      row: UploadRow;
      probe: MediaProbe;
      /** By platform (API spelling), every platform Outbox has rules for. */
      platforms: Record<string, PlatformMediaResult>;
      /** By platform, only where the platform takes this kind of media and caps its size. */
      sizeLimits: Record<string, PlatformSizeLimit>;
    }
  | { ok: false; code: RequestViolation['code']; message: string };

function sizeLimit(rules: PlatformRules, probe: MediaProbe): number | undefined {
  if (probe.kind === 'video') return rules.video?.maxBytes;
  if (rules.image === undefined) return undefined;
  const override = rules.image.formatOverrides?.[probe.container as ImageFormat];
  return override?.maxBytes ?? rules.image.maxBytes;
}

/**
 * Checks one probed file against every platform's per-file rules; each violation names `field` (the request field
 * that held the item) and the measured property. Attachment-set rules (counts, mixing) need a whole post and are
 * `validatePost`'s. Pure.
 */
export function validateProbeOnEveryPlatform(
  probe: MediaProbe,
  field: string,
): { platforms: Record<string, PlatformMediaResult>; sizeLimits: Record<string, PlatformSizeLimit> } {
  const platforms: Record<string, PlatformMediaResult> = {};
  const sizeLimits: Record<string, PlatformSizeLimit> = {};
  for (const rulesId of listPlatforms()) {
    const name = apiPlatformName(rulesId);
    const violations = validateMediaAgainstRules(rulesId, probe, { field }).map((v) => toRequestViolation(v, field, field));
    platforms[name] = { valid: violations.length === 0, violations };
    const limit = sizeLimit(getPlatformRules(rulesId)!, probe);
    if (limit !== undefined) sizeLimits[name] = { limit, withinLimit: probe.sizeBytes <= limit };
  }
  return { platforms, sizeLimits };
}

/**
 * Validates one uploaded file (by upload id or public media URL) against every platform: its probe, and per
 * platform every per-file rule it breaks. Read-only; nothing is fetched from outside the instance.
 */
export async function validateMedia(ctx: AppContext, principal: Principal, input: ValidateMediaInput): Promise<MediaValidation> {
  const resolved = await validateMediaSource(ctx, principal, input, input.origin);
  if (!resolved.ok) return resolved;
  const field = input.uploadId !== undefined ? 'uploadId' : 'url';
  return { ok: true, row: resolved.row, probe: resolved.probe, ...validateProbeOnEveryPlatform(resolved.probe, field) };
}
