import { isAppError } from '../errors.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/**
 * Commits the unit of work; false (not an error) when a condition failed (409). For writes that
 * another run may already have made (a redelivery, a concurrent batch): losing the race is normal.
 */
export const commitUnlessConflict = async (uow: UnitOfWork): Promise<boolean> => {
  try {
    await uow.commit();
    return true;
  } catch (error) {
    if (isAppError(error) && error.status === 409) return false;
    throw error;
  }
};
