import { listPlatforms } from '../../media/rules/index.js';

/*
 * The API spells platforms as the SDK does; the rule tables use their own ids. They differ only where the SDK glues
 * words together, so the table of differences is short and everything else passes through unchanged.
 */
const RULES_ID_BY_API_NAME: Readonly<Record<string, string>> = { googlebusiness: 'google-business' };
const API_NAME_BY_RULES_ID: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RULES_ID_BY_API_NAME).map(([apiName, rulesId]) => [rulesId, apiName]),
);

/** Other spellings clients use for the same platforms, accepted on input and answered in the API spelling. */
const ALIASES: Readonly<Record<string, string>> = { x: 'twitter', 'google-business': 'googlebusiness' };

/** A platform as the API names it and as the rule tables name it. */
export interface PlatformName {
  /** The SDK's spelling, used in every response (`twitter`, `googlebusiness`). */
  apiName: string;
  /** The id `getPlatformRules` and the validators take (`twitter`, `google-business`). */
  rulesId: string;
}

/** Every platform with rules, in the API spelling and documentation order. */
export const API_PLATFORM_NAMES: readonly string[] = listPlatforms().map((id) => API_NAME_BY_RULES_ID[id] ?? id);

/** Every spelling `validatePlatformName` accepts: the API names, then the aliases. */
export const ACCEPTED_PLATFORM_NAMES: readonly string[] = [...API_PLATFORM_NAMES, ...Object.keys(ALIASES)];

/**
 * Resolves a client-supplied platform name (case-insensitive; `x` and `google-business` are accepted as aliases)
 * to its API and rules spellings, or undefined when Outbox has no rules for it.
 */
export function validatePlatformName(name: string): PlatformName | undefined {
  const lowered = name.trim().toLowerCase();
  const apiName = Object.hasOwn(ALIASES, lowered) ? ALIASES[lowered]! : lowered;
  if (!API_PLATFORM_NAMES.includes(apiName)) return undefined;
  return { apiName, rulesId: Object.hasOwn(RULES_ID_BY_API_NAME, apiName) ? RULES_ID_BY_API_NAME[apiName]! : apiName };
}

/** The API spelling of a rules id (`google-business` → `googlebusiness`). */
export function apiPlatformName(rulesId: string): string {
  return Object.hasOwn(API_NAME_BY_RULES_ID, rulesId) ? API_NAME_BY_RULES_ID[rulesId]! : rulesId;
}
