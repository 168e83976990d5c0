import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { surveyAnswerBody, surveyReceipt, surveyTokenParams, surveyView } from './survey.schema.ts';

/** The public CSAT/NPS survey behind the signed, single-use link mailed on resolution. */
export const surveysApi = defineFeatureApi({
  functionName: 'surveys',
  operations: {
    getSurvey: defineOperation({
      method: 'GET',
      path: '/v1/public/surveys/{token}',
      summary:
        'The questions of a survey (CSAT 1–5, NPS 0–10, comment); 401 forged link, 404 expired, 409 answered.',
      tag: 'surveys',
      access: { public: true, rateLimited: true },
      params: surveyTokenParams,
      response: surveyView,
      status: 200,
    }),
    answerSurvey: defineOperation({
      method: 'POST',
      path: '/v1/public/surveys/{token}',
      summary: 'Answer a survey once; a reused link answers 409, a forged one 401, an expired one 404.',
      tag: 'surveys',
      access: { public: true, rateLimited: true },
      params: surveyTokenParams,
      body: surveyAnswerBody,
      response: surveyReceipt,
      status: 200,
    }),
  },
});
