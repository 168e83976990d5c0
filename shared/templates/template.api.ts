import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, RECORD_WRITERS, type Role } from '#shared/platform/roles.ts';
import {
  createTemplateBody,
  listTemplatesQuery,
  previewHtmlQuery,
  previewTemplateBody,
  renderedTemplateSchema,
  templatePage,
  templateSchema,
  testSendBody,
  testSendResult,
  updateTemplateBody,
} from './template.schema.ts';

/** Marketing owns its templates; admins may step in. */
const TEMPLATE_WRITERS: readonly Role[] = ['admin', 'marketing'];

/** Mail templates (PRODUCT.md section 5, Marketing; docs/templates.md). */
export const templatesApi = defineFeatureApi({
  functionName: 'templates',
  operations: {
    createTemplate: defineOperation({
      method: 'POST',
      path: '/v1/templates',
      summary:
        'Create a mail template (German and/or English variant); checked for known fields and escaping.',
      tag: 'templates',
      access: { roles: TEMPLATE_WRITERS },
      body: createTemplateBody,
      response: templateSchema,
      status: 201,
      idempotent: true,
    }),
    listTemplates: defineOperation({
      method: 'GET',
      path: '/v1/templates',
      summary: 'Templates by name; `?kind=marketing|transactional` narrows the list.',
      tag: 'templates',
      access: { roles: READERS },
      query: listTemplatesQuery,
      response: templatePage,
      status: 200,
    }),
    getTemplate: defineOperation({
      method: 'GET',
      path: '/v1/templates/{id}',
      summary: 'Get a template.',
      tag: 'templates',
      access: { roles: READERS },
      params: idParams,
      response: templateSchema,
      status: 200,
    }),
    updateTemplate: defineOperation({
      method: 'PATCH',
      path: '/v1/templates/{id}',
      summary: 'Change a template; `variants` replaces all variants; honours If-Match.',
      tag: 'templates',
      access: { roles: TEMPLATE_WRITERS },
      params: idParams,
      body: updateTemplateBody,
      response: templateSchema,
      status: 200,
    }),
    deleteTemplate: defineOperation({
      method: 'DELETE',
      path: '/v1/templates/{id}',
      summary: 'Delete a template; honours If-Match.',
      tag: 'templates',
      access: { roles: TEMPLATE_WRITERS },
      params: idParams,
      status: 204,
    }),
    previewTemplate: defineOperation({
      method: 'POST',
      path: '/v1/templates/{id}/preview',
      summary: 'Render a template for a contact or sample values: subject, HTML and text.',
      tag: 'templates',
      // A POST, and analysts call no POST (docs/roles.md); they preview with GET preview.html.
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: previewTemplateBody,
      response: renderedTemplateSchema,
      status: 200,
    }),
    previewTemplateHtml: defineOperation({
      method: 'GET',
      path: '/v1/templates/{id}/preview.html',
      summary: 'The rendered HTML part as text/html, for a browser; `?contactId=&language=`.',
      tag: 'templates',
      access: { roles: READERS },
      params: idParams,
      query: previewHtmlQuery,
      // No JSON schema: the answer is text/html.
      status: 200,
    }),
    testSendTemplate: defineOperation({
      method: 'POST',
      path: '/v1/templates/{id}/test-send',
      summary:
        'Send one rendered copy with "[TEST]" in the subject to an allowed address (setting template-test-recipients).',
      tag: 'templates',
      access: { roles: TEMPLATE_WRITERS },
      params: idParams,
      body: testSendBody,
      response: testSendResult,
      status: 200,
    }),
  },
});
