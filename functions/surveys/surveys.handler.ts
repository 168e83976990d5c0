import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { surveysApi } from '#shared/surveys/survey.api.ts';
import { answerSurvey, viewSurvey } from '#shared/surveys/survey.service.ts';

/** Lambda entry for the public survey link: verify the token, show the questions, record the answer once. */
export const { handle, handler } = createHttpHandler(surveysApi, {
  getSurvey: async ({ params }) => ({
    body: await viewSurvey(params.token),
    headers: { 'cache-control': 'no-store' },
  }),
  answerSurvey: async ({ params, body, uow }) => ({ body: await answerSurvey(params.token, body, uow) }),
});
