import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { PlatformError } from '../../platforms/platform-error.js';
import type { Principal } from '../access/principal.js';
import { getAccessToken } from './get-access-token.js';
import { getAccount } from './get-account.js';
import { platformFailure } from './platform-failure.js';

/**
 * Live account data from the platform (TikTok: creator_info), fetched with a fresh token. A token the platform
 * refuses as expired is refreshed once and the call repeated; anything else is reported as the platform's failure.
 */
export async function getAccountInfo(
  ctx: AppContext,
  principal: Principal,
  accountId: string,
  platform: string,
  infoName: string,
): Promise<Record<string, unknown>> {
  const row = await getAccount(ctx, principal, accountId);
  const adapter = ctx.platforms.get(row.platform);
  if (row.platform !== platform || !adapter?.accountInfo || adapter.accountInfoName !== infoName) {
    throw new AppError('REQUEST_ROUTE_NOT_FOUND', `${platform}/${infoName} is not available for this ${row.platform} account.`);
  }
  const fetchInfo = async (token: string) => adapter.present?.accountInfo?.(await adapter.accountInfo!(token)) ?? {};
  let token = await getAccessToken(ctx, row.id);
  try {
    return await fetchInfo(token);
  } catch (error) {
    if (!(error instanceof PlatformError) || error.kind !== 'auth_expired') throw platformFailure(error);
  }
  token = await getAccessToken(ctx, row.id, { rejectedToken: token });
  try {
    return await fetchInfo(token);
  } catch (error) {
    throw platformFailure(error);
  }
}
