import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  createSegmentBody,
  listSegmentsQuery,
  memberPage,
  membersQuery,
  segmentCountSchema,
  segmentPage,
  segmentSchema,
  updateSegmentBody,
} from './segment.schema.ts';

/** Marketing and admins define segments; everyone with a token reads them. */
export const SEGMENT_WRITERS: readonly Role[] = ['admin', 'marketing'];

/** Segments (PRODUCT.md section 5 Marketing): rules over contact profiles and behaviour, live count. */
export const segmentsApi = defineFeatureApi({
  functionName: 'segments',
  operations: {
    createSegment: defineOperation({
      method: 'POST',
      path: '/v1/segments',
      summary: 'Create a segment; its membership is built in the background (state building → ready).',
      tag: 'segments',
      access: { roles: SEGMENT_WRITERS },
      body: createSegmentBody,
      response: segmentSchema,
      status: 201,
      idempotent: true,
    }),
    listSegments: defineOperation({
      method: 'GET',
      path: '/v1/segments',
      summary: 'List segments with their state and member count.',
      tag: 'segments',
      access: { roles: READERS },
      query: listSegmentsQuery,
      response: segmentPage,
      status: 200,
    }),
    getSegment: defineOperation({
      method: 'GET',
      path: '/v1/segments/{id}',
      summary: 'Get a segment with its state and member count.',
      tag: 'segments',
      access: { roles: READERS },
      params: idParams,
      response: segmentSchema,
      status: 200,
    }),
    updateSegment: defineOperation({
      method: 'PATCH',
      path: '/v1/segments/{id}',
      summary: 'Change name, description or rule (a new rule rebuilds the membership); honours If-Match.',
      tag: 'segments',
      access: { roles: SEGMENT_WRITERS },
      params: idParams,
      body: updateSegmentBody,
      response: segmentSchema,
      status: 200,
    }),
    deleteSegment: defineOperation({
      method: 'DELETE',
      path: '/v1/segments/{id}',
      summary: 'Delete a segment; honours If-Match.',
      tag: 'segments',
      access: { roles: SEGMENT_WRITERS },
      params: idParams,
      status: 204,
    }),
    countSegment: defineOperation({
      method: 'GET',
      path: '/v1/segments/{id}/count',
      summary: 'The live member count (one read of the materialised count).',
      tag: 'segments',
      access: { roles: READERS },
      params: idParams,
      response: segmentCountSchema,
      status: 200,
    }),
    listSegmentMembers: defineOperation({
      method: 'GET',
      path: '/v1/segments/{id}/members',
      summary: 'A preview of the members: contact ids and names, a page at a time.',
      tag: 'segments',
      access: { roles: READERS },
      params: idParams,
      query: membersQuery,
      response: memberPage,
      status: 200,
    }),
  },
});
