import type { MediaProbe } from '../probe/media-probe.js';
import type { DimensionRules } from './platform-rules.js';
import type { Violation } from './violation-codes.js';

// Ratios are compared with a little slack so 9:16 written as 0.5625 is not failed by rounding of real sizes.
const RATIO_TOLERANCE = 0.001;

/** Checks display width/height against every pixel limit in `rules`; `field` names the media item. */
export function checkDimensions(rules: DimensionRules, probe: MediaProbe, field: string): Violation[] {
  const { width, height } = probe;
  const violations: Violation[] = [];
  const small = (side: 'width' | 'height', actual: number, limit: number | undefined): void => {
    if (limit === undefined || actual >= limit) return;
    const message = `The ${side} ${actual} px is below the minimum of ${limit} px.`;
    violations.push(violation('MEDIA_DIMENSIONS_TOO_SMALL', `${field}.${side}`, message, limit, actual));
  };
  const large = (side: 'width' | 'height', actual: number, limit: number | undefined, what: string = side): void => {
    if (limit === undefined || actual <= limit) return;
    const message = `The ${what} ${actual} px is above the maximum of ${limit} px.`;
    violations.push(violation('MEDIA_DIMENSIONS_TOO_LARGE', `${field}.${side}`, message, limit, actual));
  };
  small('width', width, rules.minWidth);
  small('height', height, rules.minHeight);
  large('width', width, rules.maxWidth);
  large('height', height, rules.maxHeight);
  const longSide = width >= height ? 'width' : 'height';
  const shortSide = longSide === 'width' ? 'height' : 'width';
  large(longSide, Math.max(width, height), rules.maxLongSide, `longer side (${longSide})`);
  large(shortSide, Math.min(width, height), rules.maxShortSide, `shorter side (${shortSide})`);
  if (rules.maxPixels !== undefined && width * height > rules.maxPixels) {
    const message = `${width}x${height} is ${width * height} pixels; the maximum is ${rules.maxPixels}.`;
    const pixels = width * height;
    violations.push(violation('MEDIA_DIMENSIONS_TOO_LARGE', `${field}.dimensions`, message, rules.maxPixels, pixels));
  }
  if (rules.maxSideSum !== undefined && width + height > rules.maxSideSum) {
    const message = `width + height is ${width + height} px; the maximum is ${rules.maxSideSum} px.`;
    const sum = width + height;
    violations.push(violation('MEDIA_DIMENSIONS_TOO_LARGE', `${field}.dimensions`, message, rules.maxSideSum, sum));
  }
  violations.push(...checkAspectRatio(rules, width, height, field));
  return violations;
}

function checkAspectRatio(rules: DimensionRules, width: number, height: number, field: string): Violation[] {
  const { minAspectRatio: min, maxAspectRatio: max } = rules;
  if (min === undefined && max === undefined) return [];
  const ratio = width / height;
  const tooNarrow = min !== undefined && ratio < min * (1 - RATIO_TOLERANCE);
  const tooWide = max !== undefined && ratio > max * (1 + RATIO_TOLERANCE);
  if (!tooNarrow && !tooWide) return [];
  const range = `${formatRatio(min)}–${formatRatio(max)}`;
  const message = `Aspect ratio ${formatRatio(ratio)} (${width}x${height}) is outside ${range} (width ÷ height).`;
  const code = 'MEDIA_ASPECT_RATIO_OUT_OF_RANGE';
  return [violation(code, `${field}.dimensions`, message, range, formatRatio(ratio))];
}

function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? 'any' : String(Math.round(ratio * 1000) / 1000);
}

/** Builds a violation; a small helper so checks read as one line each. */
export function violation(
  code: Violation['code'],
  field: string,
  message: string,
  limit?: Violation['limit'],
  actual?: Violation['actual'],
): Violation {
  const result: Violation = { code, field, message };
  if (limit !== undefined) result.limit = limit;
  if (actual !== undefined) result.actual = actual;
  return result;
}
