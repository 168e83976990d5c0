import { formsApi } from '#shared/forms/form.api.ts';
import { createForm, findForm, listForms, submitForm, updateForm } from '#shared/forms/form.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/forms and the public submissions: validated input in, a use case called, the result out. */
export const { handle, handler } = createHttpHandler(formsApi, {
  createForm: async ({ body, uow }) => {
    const form = await createForm(body, uow);
    return { body: form, version: form.version, headers: { location: `/v1/forms/${form.id}` } };
  },
  listForms: async ({ query }) => ({ body: await listForms(query) }),
  getForm: async ({ params }) => {
    const form = await findForm(params.id);
    return { body: form, version: form.version };
  },
  updateForm: async ({ params, body, ifMatch, uow }) => {
    const form = await updateForm(params.id, body, ifMatch, uow);
    return { body: form, version: form.version };
  },
  submitForm: async ({ params, body, headers, uow }) => {
    await submitForm(params.formId, body, headers.origin, uow);
    return { body: { status: 'received' }, headers: { 'access-control-allow-origin': headers.origin ?? '' } };
  },
});
