import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, RECORD_WRITERS } from '#shared/platform/roles.ts';
import {
  activityPage,
  activitySchema,
  createActivityBody,
  listActivitiesQuery,
  updateActivityBody,
} from './activity.schema.ts';

/** Calls, emails, meetings, notes and tasks linked to contacts, accounts, leads, deals and tickets. */
export const activitiesApi = defineFeatureApi({
  functionName: 'activities',
  operations: {
    createActivity: defineOperation({
      method: 'POST',
      path: '/v1/activities',
      summary: 'Log an activity or plan a task.',
      tag: 'activities',
      access: { roles: RECORD_WRITERS },
      body: createActivityBody,
      response: activitySchema,
      status: 201,
      idempotent: true,
    }),
    listActivities: defineOperation({
      method: 'GET',
      path: '/v1/activities',
      summary: 'List activities of a contact, account, lead, opportunity, ticket or owner, newest first.',
      tag: 'activities',
      access: { roles: READERS },
      query: listActivitiesQuery,
      response: activityPage,
      status: 200,
    }),
    getActivity: defineOperation({
      method: 'GET',
      path: '/v1/activities/{id}',
      summary: 'Get an activity.',
      tag: 'activities',
      access: { roles: READERS },
      params: idParams,
      response: activitySchema,
      status: 200,
    }),
    updateActivity: defineOperation({
      method: 'PATCH',
      path: '/v1/activities/{id}',
      summary: 'Change an activity, e.g. complete a task by setting completedAt; honours If-Match.',
      tag: 'activities',
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: updateActivityBody,
      response: activitySchema,
      status: 200,
    }),
    deleteActivity: defineOperation({
      method: 'DELETE',
      path: '/v1/activities/{id}',
      summary: 'Delete an activity; honours If-Match.',
      tag: 'activities',
      access: { roles: ['admin', 'sales_manager'] },
      params: idParams,
      status: 204,
    }),
  },
});
