import { leadsApi } from '#shared/leads/lead.api.ts';
import {
  assignLead,
  captureLead,
  deleteLead,
  findLead,
  listLeads,
  recordBehaviour,
  scoreHistory,
  updateLead,
} from '#shared/leads/lead.service.ts';
import { convertLead } from '#shared/leads/lead-conversion.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/leads: validated input in, a use case called, the result mapped out. */
export const { handle, handler } = createHttpHandler(leadsApi, {
  createLead: async ({ body, uow }) => {
    const { lead } = await captureLead(body, uow);
    return { body: lead, version: lead.version, headers: { location: `/v1/leads/${lead.id}` } };
  },
  listLeads: async ({ query }) => ({ body: await listLeads(query) }),
  convertLead: async ({ params, body, uow }) => {
    const conversion = await convertLead(params.id, body, uow);
    return { body: conversion, version: conversion.lead.version };
  },
  getLead: async ({ params }) => {
    const lead = await findLead(params.id);
    return { body: lead, version: lead.version };
  },
  updateLead: async ({ params, body, ifMatch, uow }) => {
    const lead = await updateLead(params.id, body, ifMatch, uow);
    return { body: lead, version: lead.version };
  },
  deleteLead: async ({ params, ifMatch, uow }) => {
    await deleteLead(params.id, ifMatch, uow);
    return {};
  },
  recordLeadEvent: async ({ params, body, uow }) => {
    const result = await recordBehaviour(params.id, body, uow);
    return { body: result, version: result.lead.version };
  },
  getLeadScoreHistory: async ({ params, query }) => ({
    body: await scoreHistory(params.id, query.limit, query.cursor),
  }),
  assignLead: async ({ params, body, uow }) => {
    const lead = await assignLead(params.id, body.ownerId, uow);
    return { body: lead, version: lead.version };
  },
});
