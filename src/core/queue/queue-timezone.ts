import { IANAZone } from 'luxon';

/**
 * True for a time zone name the IANA database knows (`America/New_York`, `Europe/London`, `UTC`). Fixed offsets such
 * as `+02:00` are refused: a queue follows a place's clock, DST changes included.
 */
export function isIanaTimeZone(name: string): boolean {
  return name.trim() === name && name !== '' && IANAZone.isValidZone(name);
}
