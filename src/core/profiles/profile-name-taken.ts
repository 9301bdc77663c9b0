import { AppError } from '../../errors.js';

/** The 409 for a profile name the user already has. */
export function profileNameTaken(name: string): AppError {
  return new AppError('PROFILE_NAME_TAKEN', `A profile named "${name}" exists already.`, { param: 'name' });
}
