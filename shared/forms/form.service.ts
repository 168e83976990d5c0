import { createLeadBody } from '#shared/leads/lead.schema.ts';
import { captureLead } from '#shared/leads/lead.service.ts';
import { newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict, forbidden, notFound } from '#shared/platform/errors.ts';
import { parseWith } from '#shared/platform/http/request.ts';
import { formFromItem, formItem, formKey, formListQuery } from './form.entity.ts';
import {
  type CreateFormInput,
  type Form,
  HONEYPOT_FIELD,
  type ListFormsQuery,
  STANDARD_SUBMISSION_FIELDS,
  submissionSchemaFor,
  type UpdateFormInput,
} from './form.schema.ts';

export const createForm = async (input: CreateFormInput, uow: UnitOfWork): Promise<Form> => {
  const form: Form = { ...newRecordMeta(), ...input };
  uow.create(formItem(form), () => conflict('Id collision; retry.'));
  return form;
};

export const findForm = (id: string): Promise<Form> => findRecord(formKey(id), formFromItem, 'Form', id);

export const listForms = async (
  query: ListFormsQuery,
): Promise<{ items: Form[]; nextCursor: string | null }> => {
  const page = await queryPage(formListQuery(query));
  return { items: page.items.map(formFromItem), nextCursor: page.nextCursor };
};

export const updateForm = async (
  id: string,
  patch: UpdateFormInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Form> => {
  const current = await findForm(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  uow.replace(formItem(plan.next), current.version, staleVersion('form', current.version));
  return plan.next;
};

const sameOrigin = (allowed: readonly string[], origin: string | undefined): boolean => {
  const normalised = origin?.trim().toLowerCase().replace(/\/$/, '');
  return normalised !== undefined && allowed.includes(normalised);
};

/**
 * A public form submission. The browser's `Origin` must be one the form allows (403 otherwise); a
 * filled honeypot is answered like a success and leaves no trace; otherwise the lead is captured
 * (de-duplicated by email). The answer never says whether the person was known.
 */
export const submitForm = async (
  formId: string,
  raw: Record<string, string>,
  origin: string | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const item = await getItem(formKey(formId));
  const form = item ? formFromItem(item) : undefined;
  if (!form?.active) throw notFound('Form', formId);
  if (!sameOrigin(form.allowedOrigins, origin)) {
    throw forbidden('This form does not accept submissions from this origin.');
  }
  const fields: Record<string, string | undefined> = parseWith(submissionSchemaFor(form), raw, '');
  if (fields[HONEYPOT_FIELD]?.trim()) return;
  const lead: Record<string, string> = {};
  for (const name of STANDARD_SUBMISSION_FIELDS) {
    const value = fields[name]?.trim();
    if (value) lead[name] = value;
  }
  for (const [name, target] of Object.entries(form.fieldMapping)) {
    const value = fields[name]?.trim();
    if (value && !lead[target]) lead[target] = value;
  }
  const input = parseWith(
    createLeadBody,
    {
      ...lead,
      source: form.source ?? `web_form:${form.id}`,
      ...(form.team ? { team: form.team } : {}),
      ...(form.territory ? { territory: form.territory } : {}),
    },
    '',
  );
  const { [HONEYPOT_FIELD]: _honeypot, ...submitted } = fields;
  await captureLead({ ...input, submitted: submitted as Record<string, string> }, uow);
};
