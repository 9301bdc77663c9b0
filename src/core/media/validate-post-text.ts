import { countCaption, getPlatformRules, validateCaption } from '../../media/rules/index.js';
import { toRequestViolation, type RequestViolation } from './validate-request-violation.js';

/** Share of a limit above which a text that still fits earns a warning, as the SDK documents (> 90 %). */
const NEAR_LIMIT_SHARE = 0.9;

/** Rule fields a request carries outside `platformSpecificData` (alt text sits on media items). */
const FIELDS_ELSEWHERE = new Set(['caption', 'altText']);

/** The text of one post target, and where in the request each part came from. */
export interface PostTextTarget {
  /** Rules id of the platform (`twitter`, `google-business`). */
  rulesId: string;
  /** The main text: the target's customContent, else the post's content. */
  text: string;
  /** Request path of `text` (`content` or `platforms[2].customContent`). */
  textField: string;
  /** Whether the target carries media (lowers Telegram's caption limit; allows an empty text). */
  hasMedia: boolean;
  /** The target's platformSpecificData; string values of rule fields (`title`, `photoTitle` …) are checked. */
  platformSpecificData?: Record<string, unknown> | undefined;
  /** Request path of `platformSpecificData`. */
  dataField: string;
}

/** Violations and near-limit warnings of one or more text fields. */
export interface TextCheck {
  violations: RequestViolation[];
  warnings: string[];
}

/**
 * Checks one text against the platform's rule `ruleField` (length as the platform counts it, required, forbidden
 * characters, hashtag/mention/link caps) and warns when it fits but uses more than 90 % of the length limit.
 */
export function validateTextField(rulesId: string, text: string, ruleField: string, requestField: string, withMedia: boolean): TextCheck {
  const violations = validateCaption(rulesId, text, { field: ruleField, withMedia }).map((v) => toRequestViolation(v, ruleField, requestField));
  const warnings: string[] = [];
  if (!violations.some((v) => v.code === 'POST_CAPTION_TOO_LONG')) {
    const { length, limit, unit } = countCaption(rulesId, text, { field: ruleField, withMedia });
    if (length > limit * NEAR_LIMIT_SHARE) {
      warnings.push(`${requestField} is ${length} of ${limit} (${unit}) allowed: ${Math.round((length / limit) * 100)} % of the limit.`);
    }
  }
  return { violations, warnings };
}

/**
 * Checks every text of one post target: the main text, and each text field the platform's rules define that the
 * target sets in platformSpecificData (YouTube/Reddit/Pinterest `title`, TikTok `photoTitle` …). A target with
 * neither text nor media is POST_CAPTION_REQUIRED: no platform publishes an empty post.
 */
export function validatePostText(target: PostTextTarget): TextCheck {
  const rules = getPlatformRules(target.rulesId);
  const main = validateTextField(target.rulesId, target.text, 'caption', target.textField, target.hasMedia);
  const violations = [...main.violations];
  const warnings = [...main.warnings];
  if (!target.hasMedia && target.text.trim() === '' && !violations.some((v) => v.code === 'POST_CAPTION_REQUIRED')) {
    violations.push({ code: 'POST_CAPTION_REQUIRED', field: target.textField, message: 'A post needs text or at least one media item.' });
  }
  for (const ruleField of Object.keys(rules?.captions ?? {})) {
    const value = target.platformSpecificData?.[ruleField];
    if (FIELDS_ELSEWHERE.has(ruleField) || typeof value !== 'string' || !Object.hasOwn(target.platformSpecificData ?? {}, ruleField)) continue;
    const check = validateTextField(target.rulesId, value, ruleField, `${target.dataField}.${ruleField}`, target.hasMedia);
    violations.push(...check.violations);
    warnings.push(...check.warnings);
  }
  return { violations, warnings };
}
