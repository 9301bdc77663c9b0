export { countCaption, type CaptionCount, type CaptionOptions } from './count-caption.js';
export { getPlatformRules, listPlatforms } from './platform-registry.js';
export type {
  CaptionRule,
  CaptionUnit,
  DimensionRules,
  ImageFormatOverride,
  ImageRules,
  MediaSetRules,
  PlatformRules,
  VideoRules,
} from './platform-rules.js';
export { validateCaption } from './validate-caption.js';
export { validateMediaAgainstRules, type ValidateMediaOptions } from './validate-media.js';
export { validateMediaSet, type ValidateMediaSetOptions } from './validate-media-set.js';
export { VIOLATION_CODE_LIST, VIOLATION_CODES, type Violation, type ViolationCode } from './violation-codes.js';
