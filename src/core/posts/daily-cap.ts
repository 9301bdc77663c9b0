import type { AppContext } from '../../context.js';
import { getPlatformRules } from '../../media/rules/index.js';
import { validatePlatformName } from '../media/validate-platform-name.js';

/** The most posts per account per 24 h on `platform`: OUTBOX_DAILY_POST_CAPS, else the platform's documented cap. */
export function dailyPostCap(ctx: AppContext, platform: string): number | undefined {
  const configured = ctx.config.scheduler.dailyPostCaps[platform];
  if (configured !== undefined) return configured;
  return getPlatformRules(validatePlatformName(platform)?.rulesId ?? platform)?.dailyPostCap;
}
