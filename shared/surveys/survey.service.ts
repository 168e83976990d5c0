import { nowIso } from '#shared/platform/clock.ts';
import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { surveyAnswered } from '#shared/tickets/ticket.events.ts';
import type { Ticket } from '#shared/tickets/ticket.schema.ts';
import { findTicket, recordSurveyAnswer } from '#shared/tickets/ticket.service.ts';
import { surveyAnswerItem, surveyAnswerKey } from './survey.entity.ts';
import type { SurveyAnswerBody, SurveyView } from './survey.schema.ts';
import { type SurveyClaims, surveyTokenSecret, verifySurveyToken } from './survey-token.ts';

const QUESTIONS = {
  de: {
    csat: 'Wie zufrieden waren Sie mit der Bearbeitung Ihrer Anfrage? (1 = sehr unzufrieden, 5 = sehr zufrieden)',
    nps: 'Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen? (0 = gar nicht, 10 = äußerst wahrscheinlich)',
    comment: 'Möchten Sie uns noch etwas mitteilen?',
  },
  en: {
    csat: 'How satisfied were you with how your request was handled? (1 = very dissatisfied, 5 = very satisfied)',
    nps: 'How likely are you to recommend us? (0 = not at all, 10 = extremely likely)',
    comment: 'Is there anything else you would like to tell us?',
  },
} as const;

const answered = () => conflict('This survey has already been answered; thank you.');

/** The verified claims and the ticket they name; a ticket that is gone makes the link void (404). */
const open = async (token: string): Promise<{ claims: SurveyClaims; ticket: Ticket }> => {
  const claims = verifySurveyToken(await surveyTokenSecret(), token);
  const ticket = await findTicket(claims.ticketId).catch(() => {
    throw new AppError('not-found', 'The survey does not exist any more.');
  });
  return { claims, ticket };
};

/** The questions behind a survey link (in the ticket's language); 409 once it is answered. */
export const viewSurvey = async (token: string): Promise<SurveyView> => {
  const { claims, ticket } = await open(token);
  if (await getItem(surveyAnswerKey(claims.surveyId))) throw answered();
  const q = QUESTIONS[ticket.language];
  return {
    ticketNumber: ticket.number,
    language: ticket.language,
    expiresAt: new Date(claims.expiresAt * 1000).toISOString(),
    questions: [
      { id: 'csat', text: q.csat, type: 'scale', min: 1, max: 5 },
      { id: 'nps', text: q.nps, type: 'scale', min: 0, max: 10 },
      { id: 'comment', text: q.comment, type: 'text' },
    ],
  };
};

/**
 * Records a survey answer once: the claim on the survey (conditional put), the scores on the
 * ticket (`recordSurveyAnswer`) and `survey.answered` (scores and ids, no comment) commit in one
 * transaction, so a reused link (409) changes nothing. The comment stays with the claim item.
 */
export const answerSurvey = async (
  token: string,
  answer: SurveyAnswerBody,
  uow: UnitOfWork,
): Promise<{ status: 'recorded'; surveyId: string }> => {
  const { claims, ticket } = await open(token);
  if (await getItem(surveyAnswerKey(claims.surveyId))) throw answered();
  uow.create(
    {
      ...surveyAnswerItem({ surveyId: claims.surveyId, ticketId: ticket.id, answeredAt: nowIso() }),
      ...(answer.comment ? { comment: answer.comment } : {}),
    },
    () => answered(),
    // Above the ticket's version check: a concurrent second answer reads as "answered", not as a race.
    20,
  );
  const updated = await recordSurveyAnswer(
    ticket.id,
    {
      ...(answer.csat !== undefined ? { csat: answer.csat } : {}),
      ...(answer.nps !== undefined ? { nps: answer.nps } : {}),
    },
    uow,
  );
  uow.emit(surveyAnswered, ticket.id, {
    surveyId: claims.surveyId,
    csat: answer.csat ?? null,
    nps: answer.nps ?? null,
    category: updated.category,
    team: updated.team,
    assigneeId: updated.assigneeId ?? null,
  });
  return { status: 'recorded', surveyId: claims.surveyId };
};
