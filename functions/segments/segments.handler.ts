import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { segmentsApi } from '#shared/segments/segment.api.ts';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  segmentCount,
  segmentMembers,
  updateSegment,
} from '#shared/segments/segment.service.ts';

/** Lambda entry for /v1/segments. */
export const { handle, handler } = createHttpHandler(segmentsApi, {
  createSegment: async ({ body, uow }) => {
    const segment = createSegment(body, uow);
    return { body: segment, version: segment.version, headers: { location: `/v1/segments/${segment.id}` } };
  },
  listSegments: async ({ query }) => ({ body: await listSegments(query) }),
  getSegment: async ({ params }) => {
    const segment = await getSegment(params.id);
    return { body: segment, version: segment.version };
  },
  updateSegment: async ({ params, body, ifMatch, uow }) => {
    const segment = await updateSegment(params.id, body, ifMatch, uow);
    return { body: segment, version: segment.version };
  },
  deleteSegment: async ({ params, ifMatch, uow }) => {
    await deleteSegment(params.id, ifMatch, uow);
    return {};
  },
  countSegment: async ({ params }) => ({ body: await segmentCount(params.id) }),
  listSegmentMembers: async ({ params, query }) => ({
    body: await segmentMembers(params.id, query.limit, query.cursor),
  }),
});
