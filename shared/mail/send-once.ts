import { nowIso } from '#shared/platform/clock.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { sentMailItem, sentMailKey } from './sent-mail.entity.ts';

class AlreadyClaimed extends Error {}

/**
 * Claims the one mail of `kind` for `subjectId` with a conditional put, before SES is called;
 * false when it was claimed before (a redelivered event), so nobody gets a mail twice.
 */
export const claimMail = async (kind: string, subjectId: string): Promise<boolean> => {
  const uow = new UnitOfWork(SYSTEM_ACTOR).create(
    sentMailItem(kind, subjectId, nowIso()),
    () => new AlreadyClaimed(),
  );
  try {
    await uow.commit();
    return true;
  } catch (error) {
    if (error instanceof AlreadyClaimed) return false;
    throw error;
  }
};

/** Gives a claim back after a failed send, so the retry can send. */
export const releaseMail = (kind: string, subjectId: string): Promise<void> =>
  new UnitOfWork(SYSTEM_ACTOR).removeIfPresent(sentMailKey(kind, subjectId)).commit();

/**
 * The one mail of `kind` for `subjectId`: claims it, runs `send`, and gives the claim back when
 * `send` fails, so the retry can send. `{ sent: false }` when it was claimed before.
 */
export const sendOnce = async <T>(
  kind: string,
  subjectId: string,
  send: () => Promise<T>,
): Promise<{ sent: true; value: T } | { sent: false }> => {
  if (!(await claimMail(kind, subjectId))) return { sent: false };
  try {
    return { sent: true, value: await send() };
  } catch (error) {
    await releaseMail(kind, subjectId).catch(() => undefined);
    throw error;
  }
};
