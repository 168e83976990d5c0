import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

const SECRET = 'test-survey-secret-abcdefabcdefabcdefabcdefabcdef';
process.env.SURVEY_TOKEN_SECRET = SECRET;
process.env.PUBLIC_API_URL = 'http://frontoffice.test';

const { consume } = await import('../../functions/ticket-mailer/ticket-mailer.handler.ts');
const { findTicket } = await import('#shared/tickets/ticket.service.ts');
const { signSurveyToken } = await import('#shared/surveys/survey-token.ts');
const { setClock } = await import('#shared/platform/clock.ts');
const { invoke } = await import('../support/invoke.ts');
const { busMessage, sqsEvent } = await import('../support/order-fixture.ts');
const { outboxEvents } = await import('../support/outbox.ts');

afterAll(async () => {
  setClock();
  await sesLocal.close();
});

const unique = () => `${crypto.randomUUID()}`;

const deliver = async (ticketId: string, name: string) => {
  const events = (await outboxEvents({ subjectId: ticketId, name })).map(busMessage);
  const result = await consume(sqsEvent(events), {} as never);
  expect(result.batchItemFailures).toEqual([]);
};

/** A web ticket of a new English contact, resolved; the survey mailed (twice: a redelivery). */
const resolvedTicket = async () => {
  const email = `emily.${unique()}@example.co.uk`;
  const opened = await invoke('POST', '/v1/tickets', {
    body: {
      subject: 'Login fails',
      description: 'I cannot log in.',
      channel: 'web',
      email,
      name: 'Emily Clarke',
    },
    role: 'service',
  });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const ticketId = opened.json.id as string;
  const resolved = await invoke('POST', `/v1/tickets/${ticketId}/resolve`, { body: {}, role: 'service' });
  expect(resolved.status, JSON.stringify(resolved.json)).toBe(200);
  await deliver(ticketId, 'ticket.resolved');
  await deliver(ticketId, 'ticket.resolved');
  const surveys = (await inbox()).filter(
    (mail) => mail.destination.to.includes(email) && mail.body.text?.includes('/v1/public/surveys/'),
  );
  expect(surveys).toHaveLength(1);
  const token = /\/v1\/public\/surveys\/([A-Za-z0-9_.-]+)/.exec(surveys[0]?.body.text ?? '')?.[1] as string;
  return { ticketId, token, email, mail: surveys[0] };
};

describe('CSAT/NPS survey on resolve', () => {
  let survey: Awaited<ReturnType<typeof resolvedTicket>>;

  beforeAll(async () => {
    survey = await resolvedTicket();
  });

  it('mails one survey with a signed link and the ticket number', async () => {
    const ticket = await findTicket(survey.ticketId);
    expect(survey.mail?.subject).toContain(`[${ticket.number}]`);
    expect(survey.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('shows the questions without a token (public)', async () => {
    const answer = await invoke('GET', `/v1/public/surveys/${survey.token}`, { role: null });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.questions.map((question: { id: string }) => question.id)).toEqual([
      'csat',
      'nps',
      'comment',
    ]);
  });

  it('records CSAT and NPS once and emits survey.answered without the comment', async () => {
    const answer = await invoke('POST', `/v1/public/surveys/${survey.token}`, {
      body: { csat: 4, nps: 9, comment: 'Sehr freundlich, Jürgen aus Köln' },
      role: null,
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(await findTicket(survey.ticketId)).toMatchObject({ csat: 4, nps: 9 });
    const events = await outboxEvents({ subjectId: survey.ticketId, name: 'survey.answered' });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ csat: 4, nps: 9 });
    expect(JSON.stringify(events[0])).not.toContain('Jürgen');
  });

  it('refuses a reused token (409) and changes nothing', async () => {
    const again = await invoke('POST', `/v1/public/surveys/${survey.token}`, {
      body: { csat: 1 },
      role: null,
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await findTicket(survey.ticketId)).csat).toBe(4);
    expect((await invoke('GET', `/v1/public/surveys/${survey.token}`, { role: null })).status).toBe(409);
  });

  it('refuses a forged token (401) and an expired one (404)', async () => {
    const forged = signSurveyToken('another-secret-another-secret-another', {
      ticketId: survey.ticketId,
      surveyId: 'forged',
    });
    const answer = await invoke('POST', `/v1/public/surveys/${forged}`, { body: { csat: 1 }, role: null });
    expect(answer.status).toBe(401);
    const expired = signSurveyToken(
      SECRET,
      { ticketId: survey.ticketId, surveyId: 'old' },
      new Date(Date.now() - 31 * 86_400_000),
    );
    expect(
      (await invoke('POST', `/v1/public/surveys/${expired}`, { body: { csat: 1 }, role: null })).status,
    ).toBe(404);
    expect((await findTicket(survey.ticketId)).csat).toBe(4);
  });

  it('answers only one of two concurrent submissions', async () => {
    const second = await resolvedTicket();
    const answers = await Promise.all([
      invoke('POST', `/v1/public/surveys/${second.token}`, { body: { csat: 5 }, role: null }),
      invoke('POST', `/v1/public/surveys/${second.token}`, { body: { csat: 2 }, role: null }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await outboxEvents({ subjectId: second.ticketId, name: 'survey.answered' })).toHaveLength(1);
  });

  it('rejects an answer without scores or with unknown fields (400)', async () => {
    const third = await resolvedTicket();
    expect((await invoke('POST', `/v1/public/surveys/${third.token}`, { body: {}, role: null })).status).toBe(
      400,
    );
    expect(
      (await invoke('POST', `/v1/public/surveys/${third.token}`, { body: { csat: 3, extra: 1 }, role: null }))
        .status,
    ).toBe(400);
    expect(
      (await invoke('POST', `/v1/public/surveys/${third.token}`, { body: { csat: 6 }, role: null })).status,
    ).toBe(400);
  });
});
