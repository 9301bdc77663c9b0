import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetStatus } from '../../store/schema.js';
import { derivePostStatus, TERMINAL_POST_STATUSES, TERMINAL_TARGET_STATUSES } from './post-status.js';

const STATUSES: TargetStatus[] = ['draft', 'pending_approval', 'scheduled', 'publishing', 'published', 'failed', 'unconfirmed', 'cancelled'];

describe('derivePostStatus', () => {
  it('names the usual outcomes', () => {
    expect(derivePostStatus(['scheduled', 'scheduled'], false)).toBe('scheduled');
    expect(derivePostStatus(['published', 'scheduled'], false)).toBe('publishing');
    expect(derivePostStatus(['published', 'published'], false)).toBe('published');
    expect(derivePostStatus(['published', 'failed'], false)).toBe('partial');
    expect(derivePostStatus(['published', 'unconfirmed'], false)).toBe('partial');
    expect(derivePostStatus(['failed', 'unconfirmed'], false)).toBe('failed');
    expect(derivePostStatus(['cancelled', 'published'], false)).toBe('published');
    expect(derivePostStatus(['cancelled', 'cancelled'], false)).toBe('cancelled');
    expect(derivePostStatus(['scheduled'], true)).toBe('draft');
    expect(derivePostStatus(['pending_approval', 'pending_approval'], false)).toBe('pending_approval');
  });

  it('calls a post ended exactly when every target has ended', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES.filter((s) => s !== 'draft' && s !== 'pending_approval')), { minLength: 1, maxLength: 6 }), (targets) => {
        const status = derivePostStatus(targets, false);
        expect(TERMINAL_POST_STATUSES.has(status)).toBe(targets.every((s) => TERMINAL_TARGET_STATUSES.has(s)));
      }),
    );
  });
});
