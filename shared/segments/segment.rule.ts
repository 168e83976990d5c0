import * as z from 'zod';

/**
 * The segment rule language (PRODUCT.md 5a): `{ all: [...] }`, `{ any: [...] }` and `{ not: ... }`
 * groups nesting conditions `{ field, op, value }`. Pure: no I/O, time passed in, so it is unit-tested
 * with a fixed clock and evaluated the same way by the indexer and the backfill.
 */

/** Contact fields a rule may name; `customerValue` and `churnRisk` are accepted before they exist (absent). */
export const PROFILE_FIELDS = [
  'lifecycleStage',
  'language',
  'interests',
  'ownerId',
  'accountId',
  'score',
  'customerValue',
  'churnRisk',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const RULE_OPS = [
  'eq',
  'neq',
  'in',
  'contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'within_days',
] as const;
export type RuleOp = (typeof RULE_OPS)[number];

export const MAX_RULE_DEPTH = 5;
export const MAX_RULE_CONDITIONS = 50;
/** Behaviour is remembered for this long; `within_days` cannot look further back. */
export const MAX_WITHIN_DAYS = 730;

const EVENT_FIELD = /^event:[a-z][a-z0-9_.]{0,59}$/;
const fieldSchema = z
  .string()
  .refine(
    (field) => (PROFILE_FIELDS as readonly string[]).includes(field) || EVENT_FIELD.test(field),
    `Must be one of ${PROFILE_FIELDS.join(', ')} or event:<type>.`,
  );

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

export const conditionSchema = z
  .strictObject({
    field: fieldSchema,
    op: z.enum(RULE_OPS),
    value: z
      .union([scalar, z.array(z.union([z.string().max(200), z.number().finite()])).max(100)])
      .optional(),
    /** For `event:page_view`: only page views whose URL contains this text. */
    where: z.strictObject({ url: z.strictObject({ contains: z.string().min(1).max(200) }) }).optional(),
  })
  .superRefine((condition, context) => {
    const issue = (message: string, path: string) =>
      context.issues.push({ code: 'custom', message, path: [path], input: condition });
    const isEvent = condition.field.startsWith('event:');
    const { op, value } = condition;
    if (isEvent && !['exists', 'within_days', 'eq', 'gt', 'gte', 'lt', 'lte'].includes(op))
      issue('Behaviour fields take exists, within_days or a count comparison (eq, gt, gte, lt, lte).', 'op');
    if (!isEvent && op === 'within_days') issue('within_days applies to event:<type> fields.', 'op');
    if (condition.where && condition.field !== 'event:page_view')
      issue('where applies to event:page_view only.', 'where');
    if (op === 'exists') {
      if (value !== undefined && typeof value !== 'boolean')
        issue('exists takes true, false or nothing.', 'value');
    } else if (op === 'within_days') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WITHIN_DAYS)
        issue(`within_days takes a whole number of days, 1 to ${MAX_WITHIN_DAYS}.`, 'value');
    } else if (op === 'in') {
      if (!Array.isArray(value) || value.length === 0) issue('in takes a non-empty list.', 'value');
    } else if (['gt', 'gte', 'lt', 'lte'].includes(op) || (isEvent && op === 'eq')) {
      if (typeof value !== 'number') issue(`${op} takes a number.`, 'value');
    } else if (value === undefined || Array.isArray(value)) {
      issue(`${op} takes one value.`, 'value');
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

export type Rule = Condition | { all: Rule[] } | { any: Rule[] } | { not: Rule };

// The self-reference is lazy; its OpenAPI form is described by hand (the generator cannot follow
// a recursive schema): a nested group or condition.
const childSchema = z
  .lazy(() => nodeSchema)
  .meta({ type: 'object', description: 'A nested group ({ all }, { any }, { not }) or a condition.' });

const nodeSchema: z.ZodType<Rule> = z.union([
  z.strictObject({ all: z.array(childSchema).min(1).max(MAX_RULE_CONDITIONS) }),
  z.strictObject({ any: z.array(childSchema).min(1).max(MAX_RULE_CONDITIONS) }),
  z.strictObject({ not: childSchema }),
  conditionSchema,
]);

const measure = (rule: Rule, depth = 1): { depth: number; conditions: number } => {
  const children =
    'all' in rule ? rule.all : 'any' in rule ? rule.any : 'not' in rule ? [rule.not] : undefined;
  if (!children) return { depth, conditions: 1 };
  return children
    .map((child) => measure(child, depth + 1))
    .reduce((a, b) => ({ depth: Math.max(a.depth, b.depth), conditions: a.conditions + b.conditions }), {
      depth,
      conditions: 0,
    });
};

/** A rule: the top level is a group (`all`, `any` or `not`); depth and size are bounded. */
export const ruleSchema = nodeSchema.superRefine((rule, context) => {
  if (!('all' in rule || 'any' in rule || 'not' in rule))
    context.issues.push({
      code: 'custom',
      message: 'The top level must be { all }, { any } or { not }.',
      input: rule,
    });
  const size = measure(rule);
  if (size.depth > MAX_RULE_DEPTH)
    context.issues.push({
      code: 'custom',
      message: `Nest groups at most ${MAX_RULE_DEPTH} deep.`,
      input: rule,
    });
  if (size.conditions > MAX_RULE_CONDITIONS)
    context.issues.push({
      code: 'custom',
      message: `A rule has at most ${MAX_RULE_CONDITIONS} conditions.`,
      input: rule,
    });
});

/** Last time and number of occurrences of one event type. */
export type EventStat = { lastAt: string; count: number };

/**
 * What rules are evaluated against: the compact segment profile of a contact (ids, stages, interests,
 * score, per event type last-seen and count, recent page-view URLs). No names or addresses.
 */
export type SegmentProfile = {
  contactId: string;
  fields: Partial<Record<ProfileField, string | number | string[] | null>>;
  events: Record<string, EventStat>;
  /** Recent page views, newest first, bounded (see MAX_RECENT_PAGES). */
  pages: { url: string; at: string }[];
};

const DAY_MS = 86_400_000;

const isAbsent = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

const compare = (op: RuleOp, actual: unknown, expected: unknown): boolean => {
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  if (op === 'gt') return actual > expected;
  if (op === 'gte') return actual >= expected;
  if (op === 'lt') return actual < expected;
  if (op === 'lte') return actual <= expected;
  return actual === expected;
};

const fieldMatches = (condition: Condition, actual: unknown): boolean => {
  const { op, value } = condition;
  const values = Array.isArray(actual) ? actual : [actual];
  switch (op) {
    case 'exists':
      return isAbsent(actual) === (value === false);
    case 'eq':
      return !isAbsent(actual) && values.some((item) => same(item, value));
    case 'neq':
      // Absent is "not equal": "language neq de" includes contacts without a language.
      return isAbsent(actual) || !values.some((item) => same(item, value));
    case 'in':
      return (
        Array.isArray(value) && !isAbsent(actual) && values.some((item) => value.some((v) => same(item, v)))
      );
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => same(item, value));
      return (
        typeof actual === 'string' &&
        typeof value === 'string' &&
        actual.toLowerCase().includes(value.toLowerCase())
      );
    case 'within_days':
      return false;
    default:
      return compare(op, actual, value);
  }
};

const eventMatches = (condition: Condition, profile: SegmentProfile, now: Date): boolean => {
  const type = condition.field.slice('event:'.length);
  const since = (days: number) => now.getTime() - days * DAY_MS;
  if (condition.where) {
    const needle = condition.where.url.contains.toLowerCase();
    const hits = profile.pages.filter((page) => page.url.toLowerCase().includes(needle));
    if (condition.op === 'within_days')
      return hits.some((page) => Date.parse(page.at) >= since(Number(condition.value)));
    if (condition.op === 'exists') return hits.length > 0 === (condition.value !== false);
    return compare(condition.op, hits.length, condition.value);
  }
  const stat = profile.events[type];
  if (condition.op === 'within_days')
    return stat !== undefined && Date.parse(stat.lastAt) >= since(Number(condition.value));
  if (condition.op === 'exists')
    return (stat !== undefined && stat.count > 0) === (condition.value !== false);
  return compare(condition.op, stat?.count ?? 0, condition.value);
};

/** Whether a contact's profile satisfies the rule at `now`. */
export const matches = (rule: Rule, profile: SegmentProfile, now: Date): boolean => {
  if ('all' in rule) return rule.all.every((child) => matches(child, profile, now));
  if ('any' in rule) return rule.any.some((child) => matches(child, profile, now));
  if ('not' in rule) return !matches(rule.not, profile, now);
  if (rule.field.startsWith('event:')) return eventMatches(rule, profile, now);
  return fieldMatches(rule, profile.fields[rule.field as ProfileField]);
};

/** Whether membership can change with time alone (a `within_days` anywhere): re-evaluated daily. */
export const isTimeBased = (rule: Rule): boolean => {
  if ('all' in rule) return rule.all.some(isTimeBased);
  if ('any' in rule) return rule.any.some(isTimeBased);
  if ('not' in rule) return isTimeBased(rule.not);
  return rule.op === 'within_days';
};
