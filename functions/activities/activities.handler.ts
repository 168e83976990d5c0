import { activitiesApi } from '#shared/activities/activity.api.ts';
import {
  createActivity,
  deleteActivity,
  findActivity,
  listActivities,
  updateActivity,
} from '#shared/activities/activity.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/activities. */
export const { handle, handler } = createHttpHandler(activitiesApi, {
  createActivity: async ({ body, uow }) => {
    const activity = await createActivity(body, uow);
    return {
      body: activity,
      version: activity.version,
      headers: { location: `/v1/activities/${activity.id}` },
    };
  },
  listActivities: async ({ query }) => ({ body: await listActivities(query) }),
  getActivity: async ({ params }) => {
    const activity = await findActivity(params.id);
    return { body: activity, version: activity.version };
  },
  updateActivity: async ({ params, body, ifMatch, uow }) => {
    const activity = await updateActivity(params.id, body, ifMatch, uow);
    return { body: activity, version: activity.version };
  },
  deleteActivity: async ({ params, ifMatch, uow }) => {
    await deleteActivity(params.id, ifMatch, uow);
    return {};
  },
});
