import type { StoredItem } from '#shared/platform/db/keys.ts';

/** Key of the single-use claim of a survey: the answer's transaction creates it conditionally. */
export const surveyAnswerKey = (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'ANSWER' });

/** The claim: ids and the time only (scores live on the ticket, the comment in its messages). */
export const surveyAnswerItem = (claim: {
  surveyId: string;
  ticketId: string;
  answeredAt: string;
}): StoredItem => ({
  ...surveyAnswerKey(claim.surveyId),
  entity: 'survey-answer',
  ...claim,
});
