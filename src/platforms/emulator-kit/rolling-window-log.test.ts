import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../clock.js';
import { createRollingWindowLog } from './rolling-window-log.js';

describe('createRollingWindowLog', () => {
  it('counts events per key inside the trailing window only', () => {
    const clock = createFakeClock(1_000_000);
    const log = createRollingWindowLog({ clock, windowMs: 1000 });
    log.record('a');
    clock.advance(400);
    log.record('a');
    log.record('b');
    expect(log.count('a')).toBe(2);
    expect(log.count('b')).toBe(1);
    clock.advance(599);
    expect(log.count('a')).toBe(2);
    clock.advance(1);
    expect(log.count('a')).toBe(1);
    expect(log.msUntilOldestExpires('a')).toBe(400);
    clock.advance(400);
    expect(log.count('a')).toBe(0);
    expect(log.msUntilOldestExpires('a')).toBe(0);
  });

  it('counts distinct members, ignoring events without one', () => {
    const clock = createFakeClock(0);
    const log = createRollingWindowLog({ clock, windowMs: 24 * 3600_000 });
    log.record('app', 'alice');
    log.record('app', 'alice');
    log.record('app', 'bob');
    log.record('app');
    expect([...log.members('app')].sort()).toEqual(['alice', 'bob']);
    clock.advance(24 * 3600_000);
    expect(log.members('app').size).toBe(0);
  });

  it('stays correct when the clock is set backwards, and clears', () => {
    const clock = createFakeClock(10_000);
    const log = createRollingWindowLog({ clock, windowMs: 1000 });
    log.record('k');
    clock.set(5_000);
    log.record('k');
    expect(log.count('k')).toBe(2);
    log.clear();
    expect(log.count('k')).toBe(0);
  });
});
