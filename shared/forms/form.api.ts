import { LEAD_ATTEMPTS } from '#shared/leads/lead.attempts.ts';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  createFormBody,
  formIdParams,
  formPage,
  formSchema,
  listFormsQuery,
  submissionBody,
  submissionReceipt,
  updateFormBody,
} from './form.schema.ts';

/** Who configures web forms. */
const FORM_EDITORS: readonly Role[] = ['admin', 'marketing'];

/** Web forms and their public submission endpoint (PRODUCT.md sections 5 and 5a). */
export const formsApi = defineFeatureApi({
  functionName: 'forms',
  operations: {
    createForm: defineOperation({
      method: 'POST',
      path: '/v1/forms',
      summary: 'Configure a web form: allowed origins, field mapping, lead source.',
      tag: 'forms',
      access: { roles: FORM_EDITORS },
      body: createFormBody,
      response: formSchema,
      status: 201,
      idempotent: true,
    }),
    listForms: defineOperation({
      method: 'GET',
      path: '/v1/forms',
      summary: 'List web forms.',
      tag: 'forms',
      access: { roles: READERS },
      query: listFormsQuery,
      response: formPage,
      status: 200,
    }),
    getForm: defineOperation({
      method: 'GET',
      path: '/v1/forms/{id}',
      summary: 'Get a web form.',
      tag: 'forms',
      access: { roles: READERS },
      params: idParams,
      response: formSchema,
      status: 200,
    }),
    updateForm: defineOperation({
      method: 'PATCH',
      path: '/v1/forms/{id}',
      summary: 'Change a web form; honours If-Match.',
      tag: 'forms',
      access: { roles: FORM_EDITORS },
      params: idParams,
      body: updateFormBody,
      response: formSchema,
      status: 200,
    }),
    submitForm: defineOperation({
      method: 'POST',
      path: '/v1/public/forms/{formId}/submissions',
      summary:
        'Submit a web form (no token; Origin must be allowed; rate-limited per client). Answers 202 whether or not the person was known.',
      tag: 'forms',
      access: { public: true, rateLimited: true },
      params: formIdParams,
      body: submissionBody,
      response: submissionReceipt,
      status: 202,
      attempts: LEAD_ATTEMPTS,
    }),
  },
});
