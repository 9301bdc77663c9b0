import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { consumeOauthState, findOauthState, type OauthStateRow } from '../../store/oauth-states-queries.js';
import type { AccountRow } from '../../store/accounts-queries.js';
import { findProfile } from '../../store/profiles-queries.js';
import { canSeeProfile, type Principal } from '../access/principal.js';
import { platformFailure } from './platform-failure.js';
import { saveConnectedAccount } from './save-connected-account.js';

/** The callback's (or the headless client's) half of a connection. */
export interface CompleteConnectInput {
  platform: string;
  state: string;
  code?: string | undefined;
  /** The platform's error when the user declined (`access_denied`). */
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** Headless completion: the caller and the profile it claims; both must match the state. */
  principal?: Principal | undefined;
  profileId?: string | undefined;
}

/** The state row checked for the caller, before it is consumed. */
export async function checkOauthState(ctx: AppContext, input: Pick<CompleteConnectInput, 'platform' | 'state' | 'principal' | 'profileId'>): Promise<OauthStateRow> {
  const row = await findOauthState(ctx.db, input.state);
  if (!row) throw new AppError('CONNECT_STATE_INVALID', 'This connection was not started here (unknown state).', { param: 'state' });
  const wrongCaller =
    input.principal !== undefined &&
    (row.user_id !== input.principal.userId || !canSeeProfile(input.principal, row.profile_id) || input.profileId !== row.profile_id);
  if (row.platform !== input.platform || wrongCaller) {
    throw new AppError('CONNECT_PROFILE_MISMATCH', 'This state was issued for another profile or platform.', { param: 'state' });
  }
  if (row.used_at !== null) throw new AppError('CONNECT_STATE_USED', 'This connection was already completed or abandoned.', { param: 'state' });
  if (row.expires_at <= ctx.clock.now()) throw new AppError('CONNECT_STATE_EXPIRED', 'This connection expired; start again.', { param: 'state' });
  return row;
}

/**
 * Finishes a connection: checks and consumes the single-use state, exchanges the code for tokens, and stores the
 * account (or refreshes an existing one). A declined consent, a replayed or expired state, or a mismatched profile
 * is an error and stores nothing.
 */
export async function completeConnect(
  ctx: AppContext,
  input: CompleteConnectInput,
): Promise<{ account: AccountRow; reconnected: boolean; state: OauthStateRow }> {
  const state = await checkOauthState(ctx, input);
  if (!(await consumeOauthState(ctx.db, state.state, ctx.clock.now()))) {
    throw new AppError('CONNECT_STATE_USED', 'This connection was already completed.', { param: 'state' });
  }
  if (input.error !== undefined || !input.code) {
    throw new AppError('CONNECT_DENIED', `The connection was not approved: ${input.errorDescription ?? input.error ?? 'no code returned'}.`, {
      details: { platformError: input.error ?? 'missing_code' },
    });
  }
  const adapter = ctx.platforms.get(state.platform);
  if (!adapter) throw new AppError('CONNECT_PLATFORM_UNSUPPORTED', `Outbox cannot connect ${state.platform} accounts.`);
  let exchanged;
  try {
    exchanged = await adapter.auth.exchangeCode({ code: input.code, redirectUri: state.redirect_uri, codeVerifier: state.code_verifier ?? undefined });
  } catch (error) {
    throw platformFailure(error, 'CONNECT_EXCHANGE_FAILED');
  }
  // The profile may have been deleted while the user was on the consent page.
  if (!(await findProfile(ctx.db, state.user_id, state.profile_id))) {
    throw new AppError('PROFILE_NOT_FOUND', `Profile ${state.profile_id} was deleted before the connection finished.`);
  }
  const saved = await saveConnectedAccount(ctx, { profileId: state.profile_id, platform: state.platform, ...exchanged });
  ctx.events.emit('account:connected', {
    accountId: saved.row.id,
    profileId: saved.row.profile_id,
    platform: saved.row.platform,
    reconnected: saved.reconnected,
  });
  return { account: saved.row, reconnected: saved.reconnected, state };
}
