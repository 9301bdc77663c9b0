import { randomBytes } from 'node:crypto';

/**
 * Identifiers for stored objects: 24 lowercase hex characters, the `_id` form the SDK expects. Like a MongoDB
 * ObjectId they start with the creation second, so ids sort roughly by age, followed by random bytes and a
 * counter so two ids made in the same second by different processes do not collide.
 */
export interface IdGenerator {
  /** A new 24-character lowercase hex id. */
  next(): string;
}

const ID_PATTERN = /^[0-9a-f]{24}$/;

/** True when `value` has the shape of an Outbox object id. */
export function isObjectId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** Creates an id generator; `nowMs` supplies the time prefix (Default: the wall clock). */
export function createIdGenerator(nowMs: () => number = Date.now): IdGenerator {
  const processRandom = randomBytes(5).toString('hex');
  let counter = randomBytes(3).readUIntBE(0, 3);
  return {
    next() {
      counter = (counter + 1) % 0x1000000;
      const seconds = Math.floor(nowMs() / 1000) >>> 0;
      return seconds.toString(16).padStart(8, '0') + processRandom + counter.toString(16).padStart(6, '0');
    },
  };
}
