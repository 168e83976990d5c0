import * as z from 'zod';
import { leadSourceSchema } from '#shared/leads/lead.schema.ts';
import { cursorSchema, limitSchema, pageOf, patchOf, recordMeta } from '#shared/platform/http/schemas.ts';

/** An origin as browsers send it: scheme, host and port, no path ("https://www.example.de"). */
export const originSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?\/?$/, 'Must be an origin such as https://www.example.de.')
  .transform((value) => value.replace(/\/$/, ''));

/** Lead fields a form field may be mapped onto. */
export const MAPPABLE_LEAD_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'phone',
  'message',
  'country',
  'authority',
  'need',
] as const;
export type MappableLeadField = (typeof MAPPABLE_LEAD_FIELDS)[number];

/** The honeypot: a field hidden from people; bots fill it. */
export const HONEYPOT_FIELD = 'website';

/** The fields every submission may carry, besides the honeypot and the form's own mapped fields. */
export const STANDARD_SUBMISSION_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'company',
  'phone',
  'message',
] as const;

const fieldName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,59}$/, 'Must be a field name such as job_title.')
  .refine(
    (name) => name !== HONEYPOT_FIELD && !(STANDARD_SUBMISSION_FIELDS as readonly string[]).includes(name),
    'Standard fields and the honeypot need no mapping.',
  );

const editable = {
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(originSchema).min(1).max(20),
  /** Extra form field → lead field, e.g. `{ "firma": "company", "position": "authority" }`. */
  fieldMapping: z.record(fieldName, z.enum(MAPPABLE_LEAD_FIELDS)),
  /** The lead source for submissions; default `web_form:<formId>` (e.g. `campaign:<id>` on a landing page). */
  source: leadSourceSchema.nullable(),
  /** Routing hints for assignment rules. */
  team: z.string().trim().min(1).max(100).nullable(),
  territory: z.string().trim().min(1).max(100).nullable(),
  /** An inactive form refuses submissions (404). */
  active: z.boolean(),
};

export const createFormBody = z.strictObject({
  ...editable,
  fieldMapping: editable.fieldMapping.default({}),
  source: editable.source.optional(),
  team: editable.team.optional(),
  territory: editable.territory.optional(),
  active: editable.active.default(true),
});
export type CreateFormInput = z.infer<typeof createFormBody>;

export const updateFormBody = patchOf(editable);
export type UpdateFormInput = z.infer<typeof updateFormBody>;

export const formSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  fieldMapping: z.record(z.string(), z.enum(MAPPABLE_LEAD_FIELDS)),
  source: z.string().nullable().optional(),
  team: z.string().nullable().optional(),
  territory: z.string().nullable().optional(),
  active: z.boolean(),
});
export type Form = z.infer<typeof formSchema>;

export const listFormsQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export type ListFormsQuery = z.infer<typeof listFormsQuery>;
export const formPage = pageOf(formSchema);

export const formIdParams = z.strictObject({
  formId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be a ULID.'),
});

/**
 * A submission as the route accepts it: flat string fields. The form's own schema
 * (`submissionSchemaFor`) then decides which fields are known; unknown ones are refused with 400.
 */
export const submissionBody = z.record(z.string().max(60), z.string().max(5000));

/** The strict schema of one form's submissions: standard fields, the honeypot and the mapped fields. */
export const submissionSchemaFor = (form: Pick<Form, 'fieldMapping'>) =>
  z.strictObject({
    email: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: z.string().optional(),
    phone: z.string().optional(),
    message: z.string().optional(),
    [HONEYPOT_FIELD]: z.string().optional(),
    ...Object.fromEntries(Object.keys(form.fieldMapping).map((name) => [name, z.string().optional()])),
  });

export const submissionReceipt = z.strictObject({ status: z.literal('received') });
