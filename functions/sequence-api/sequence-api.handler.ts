import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { sequencesApi } from '#shared/sequences/sequence.api.ts';
import {
  contactEnrollments,
  createSequence,
  deleteSequence,
  findSequence,
  getEnrollment,
  listEnrollments,
  listSequences,
  updateSequence,
} from '#shared/sequences/sequence.service.ts';
import { createReactivationExample } from '#shared/sequences/sequence-reactivation.ts';

/** Lambda entry for /v1/sequences (and a contact's enrollments). */
export const { handle, handler } = createHttpHandler(sequencesApi, {
  createSequence: async ({ body, uow }) => {
    const sequence = await createSequence(body, uow);
    return {
      body: sequence,
      version: sequence.version,
      headers: { location: `/v1/sequences/${sequence.id}` },
    };
  },
  listSequences: async ({ query }) => ({ body: await listSequences(query.limit, query.cursor) }),
  getSequence: async ({ params }) => {
    const sequence = await findSequence(params.id);
    return { body: sequence, version: sequence.version };
  },
  updateSequence: async ({ params, body, ifMatch, uow }) => {
    const sequence = await updateSequence(params.id, body, ifMatch, uow);
    return { body: sequence, version: sequence.version };
  },
  deleteSequence: async ({ params, ifMatch, uow }) => {
    await deleteSequence(params.id, ifMatch, uow);
    return {};
  },
  listSequenceEnrollments: async ({ params, query }) => ({ body: await listEnrollments(params.id, query) }),
  getSequenceEnrollment: async ({ params }) => ({ body: await getEnrollment(params.id, params.contactId) }),
  listContactEnrollments: async ({ params, query }) => ({
    body: await contactEnrollments(params.id, query.limit, query.cursor),
  }),
  createReactivationExample: async ({ body, uow }) => {
    const example = await createReactivationExample(body, uow);
    return {
      body: example,
      version: example.sequence.version,
      headers: { location: `/v1/sequences/${example.sequence.id}` },
    };
  },
});
