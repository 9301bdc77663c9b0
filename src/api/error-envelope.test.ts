import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { envelopeOf, fieldFromPath } from './error-envelope.js';

describe('error envelope', () => {
  it('lifts the platform and its payload to the top level, as the SDK reads them', () => {
    const error = new AppError('PLATFORM_REJECTED', 'tiktok refused', {
      details: { platform: 'tiktok', platformCode: 'spam_risk_too_many_posts', platformError: { code: 'spam_risk_too_many_posts' } },
    });
    expect(envelopeOf(error, 'req-1')).toEqual({
      error: 'tiktok refused',
      type: 'platform_error',
      code: 'PLATFORM_REJECTED',
      platform: 'tiktok',
      platformError: { code: 'spam_risk_too_many_posts' },
      details: { platformCode: 'spam_risk_too_many_posts' },
      requestId: 'req-1',
    });
  });

  it('keeps a platformError that is not an object inside details', () => {
    const error = new AppError('CONNECT_DENIED', 'declined', { details: { platformError: 'access_denied' } });
    expect(envelopeOf(error, 'r')).toMatchObject({ details: { platformError: 'access_denied' } });
    expect(envelopeOf(error, 'r')).not.toHaveProperty('platformError');
  });

  it('names fields with dots and bracketed indexes', () => {
    expect(fieldFromPath('/platforms/0/accountId', 'body')).toBe('platforms[0].accountId');
    expect(fieldFromPath('', 'query')).toBe('query');
  });
});
