import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { templatesApi } from '#shared/templates/template.api.ts';
import {
  createTemplate,
  deleteTemplate,
  findTemplate,
  listTemplates,
  previewTemplate,
  testSendTemplate,
  updateTemplate,
} from '#shared/templates/template.service.ts';

/** Lambda entry for /v1/templates. */
export const { handle, handler } = createHttpHandler(templatesApi, {
  createTemplate: async ({ body, uow }) => {
    const template = await createTemplate(body, uow);
    return { body: template, version: template.version };
  },
  listTemplates: async ({ query }) => ({ body: await listTemplates(query) }),
  getTemplate: async ({ params }) => {
    const template = await findTemplate(params.id);
    return { body: template, version: template.version };
  },
  updateTemplate: async ({ params, body, ifMatch, uow }) => {
    const template = await updateTemplate(params.id, body, ifMatch, uow);
    return { body: template, version: template.version };
  },
  deleteTemplate: async ({ params, ifMatch, uow }) => {
    await deleteTemplate(params.id, ifMatch, uow);
    return {};
  },
  previewTemplate: async ({ params, body }) => ({ body: await previewTemplate(params.id, body) }),
  previewTemplateHtml: async ({ params, query }) => {
    const rendered = await previewTemplate(params.id, query);
    return {
      body: rendered.html,
      // The preview runs no script and loads nothing from elsewhere, whatever the template holds.
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      },
    };
  },
  testSendTemplate: async ({ params, body }) => ({ body: await testSendTemplate(params.id, body) }),
});
