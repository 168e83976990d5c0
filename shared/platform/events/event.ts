import * as z from 'zod';
import { nowIso } from '../clock.ts';
import { newId } from '../ids.ts';

/** Who caused a change: a signed-in user, or the system itself (consumers, schedules). */
export const actorSchema = z.strictObject({ type: z.enum(['user', 'system']), id: z.string().min(1) });
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'frontoffice' };

/** The envelope every domain event shares (PRODUCT.md section 6). */
export const eventEnvelopeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  actor: actorSchema,
  subject: z.strictObject({ type: z.string().min(1), id: z.string().min(1) }),
  data: z.record(z.string(), z.unknown()),
});
export type DomainEvent = z.infer<typeof eventEnvelopeSchema>;

/** One contract per event: its name, version and the schema of its `data`, shared by producer and consumers. */
export type EventContract<Name extends string, Data extends z.ZodObject> = {
  name: Name;
  version: number;
  subjectType: string;
  data: Data;
  /** The full envelope schema with this event's data, for consumers. */
  schema: z.ZodType<Omit<DomainEvent, 'data' | 'name'> & { name: Name; data: z.infer<Data> }>;
};

export const defineEvent = <Name extends string, Data extends z.ZodObject>(spec: {
  name: Name;
  version: number;
  subjectType: string;
  data: Data;
}): EventContract<Name, Data> => ({
  ...spec,
  schema: eventEnvelopeSchema.extend({ name: z.literal(spec.name), data: spec.data }) as never,
});

/** Builds an event; the producer's data is parsed against the contract before anything is written. */
export const createEvent = <Name extends string, Data extends z.ZodObject>(
  contract: EventContract<Name, Data>,
  subjectId: string,
  data: z.input<Data>,
  actor: Actor,
): DomainEvent => ({
  id: newId(),
  name: contract.name,
  version: contract.version,
  occurredAt: nowIso(),
  actor,
  subject: { type: contract.subjectType, id: subjectId },
  data: contract.data.parse(data) as Record<string, unknown>,
});
