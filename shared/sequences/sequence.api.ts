import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  contactEnrollmentsQuery,
  createSequenceBody,
  enrollmentDetailSchema,
  enrollmentPage,
  enrollmentParams,
  listEnrollmentsQuery,
  listSequencesQuery,
  reactivationExampleBody,
  reactivationExampleResult,
  sequencePage,
  sequenceSchema,
  updateSequenceBody,
} from './sequence.schema.ts';

/** Marketing and admins design sequences; everyone with a token reads them and their enrollments. */
export const SEQUENCE_WRITERS: readonly Role[] = ['admin', 'marketing'];

/** Nurture sequences (PRODUCT.md `sequences`): trigger, steps, exits; enrollments are read-only. */
export const sequencesApi = defineFeatureApi({
  functionName: 'sequence-api',
  operations: {
    createSequence: defineOperation({
      method: 'POST',
      path: '/v1/sequences',
      summary:
        'Create a sequence (draft by default): trigger, steps (mail, wait, condition, update, notify_owner), exits.',
      tag: 'sequences',
      access: { roles: SEQUENCE_WRITERS },
      body: createSequenceBody,
      response: sequenceSchema,
      status: 201,
      idempotent: true,
    }),
    listSequences: defineOperation({
      method: 'GET',
      path: '/v1/sequences',
      summary: 'List sequences.',
      tag: 'sequences',
      access: { roles: READERS },
      query: listSequencesQuery,
      response: sequencePage,
      status: 200,
    }),
    getSequence: defineOperation({
      method: 'GET',
      path: '/v1/sequences/{id}',
      summary: 'Get a sequence.',
      tag: 'sequences',
      access: { roles: READERS },
      params: idParams,
      response: sequenceSchema,
      status: 200,
    }),
    updateSequence: defineOperation({
      method: 'PATCH',
      path: '/v1/sequences/{id}',
      summary:
        'Change a sequence or its status (draft, active, paused); steps and trigger only while not active; honours If-Match.',
      tag: 'sequences',
      access: { roles: SEQUENCE_WRITERS },
      params: idParams,
      body: updateSequenceBody,
      response: sequenceSchema,
      status: 200,
    }),
    deleteSequence: defineOperation({
      method: 'DELETE',
      path: '/v1/sequences/{id}',
      summary: 'Delete a sequence; its running enrollments end at their next step; honours If-Match.',
      tag: 'sequences',
      access: { roles: SEQUENCE_WRITERS },
      params: idParams,
      status: 204,
    }),
    listSequenceEnrollments: defineOperation({
      method: 'GET',
      path: '/v1/sequences/{id}/enrollments',
      summary: 'The enrollments of a sequence: status, current step, next run, exit reason.',
      tag: 'sequences',
      access: { roles: READERS },
      params: idParams,
      query: listEnrollmentsQuery,
      response: enrollmentPage,
      status: 200,
    }),
    getSequenceEnrollment: defineOperation({
      method: 'GET',
      path: '/v1/sequences/{id}/enrollments/{contactId}',
      summary: "One contact's enrollment with the steps it executed.",
      tag: 'sequences',
      access: { roles: READERS },
      params: enrollmentParams,
      response: enrollmentDetailSchema,
      status: 200,
    }),
    listContactEnrollments: defineOperation({
      method: 'GET',
      path: '/v1/contacts/{id}/sequence-enrollments',
      summary: "A contact's enrollments across sequences.",
      tag: 'sequences',
      access: { roles: READERS },
      params: idParams,
      query: contactEnrollmentsQuery,
      response: enrollmentPage,
      status: 200,
    }),
    createReactivationExample: defineOperation({
      method: 'POST',
      path: '/v1/sequences/examples/reactivation',
      summary:
        'Create the reactivation example as a draft: segment of inactive customers, two de/en templates, the sequence.',
      tag: 'sequences',
      access: { roles: SEQUENCE_WRITERS },
      body: reactivationExampleBody,
      response: reactivationExampleResult,
      status: 201,
      idempotent: true,
    }),
  },
});
