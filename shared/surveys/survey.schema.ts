import * as z from 'zod';

/** The token in the survey link: `<payload>.<signature>`, base64url. */
export const surveyTokenParams = z.strictObject({
  token: z
    .string()
    .min(20)
    .max(1024)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'Must be a survey token.'),
});

/** What a customer answers: CSAT 1–5 and/or NPS 0–10, and an optional comment (kept on the ticket only). */
export const surveyAnswerBody = z
  .strictObject({
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    comment: z.string().trim().min(1).max(5000).optional(),
  })
  .refine((answer) => answer.csat !== undefined || answer.nps !== undefined, {
    message: 'Give csat (1–5) or nps (0–10).',
    path: ['csat'],
  });
export type SurveyAnswerBody = z.infer<typeof surveyAnswerBody>;

const question = z.strictObject({
  id: z.enum(['csat', 'nps', 'comment']),
  text: z.string(),
  type: z.enum(['scale', 'text']),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});

/** The questions of a survey (GET): no personal data, only the ticket number. */
export const surveyView = z.strictObject({
  ticketNumber: z.string(),
  language: z.enum(['de', 'en']),
  expiresAt: z.iso.datetime(),
  questions: z.array(question),
});
export type SurveyView = z.infer<typeof surveyView>;

export const surveyReceipt = z.strictObject({ status: z.literal('recorded'), surveyId: z.string() });
