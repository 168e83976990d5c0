import { describe, expect, it } from 'vitest';
import {
  isTimeBased,
  MAX_RULE_CONDITIONS,
  matches,
  type Rule,
  ruleSchema,
  type SegmentProfile,
} from '#shared/segments/segment.rule.ts';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const profile = (overrides: Partial<SegmentProfile> = {}): SegmentProfile => ({
  contactId: 'C1',
  fields: {
    lifecycleStage: 'customer',
    language: 'de',
    interests: ['crm', 'Cloud'],
    score: 42,
    ownerId: 'u-1',
  },
  events: {
    page_view: { lastAt: daysAgo(3), count: 7 },
    'order.placed': { lastAt: daysAgo(200), count: 2 },
  },
  pages: [
    { url: '/de/pricing', at: daysAgo(3) },
    { url: '/blog/crm', at: daysAgo(40) },
  ],
  ...overrides,
});

const rule = (input: unknown): Rule => ruleSchema.parse(input);
const check = (input: unknown, subject = profile()) => matches(rule(input), subject, NOW);

describe('segment rule: field operators', () => {
  it('eq and neq compare scalars (case-insensitive strings) and array membership', () => {
    expect(check({ all: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }] })).toBe(true);
    expect(check({ all: [{ field: 'language', op: 'eq', value: 'EN' }] })).toBe(false);
    expect(check({ all: [{ field: 'interests', op: 'eq', value: 'cloud' }] })).toBe(true);
    expect(check({ all: [{ field: 'language', op: 'neq', value: 'en' }] })).toBe(true);
    expect(check({ all: [{ field: 'interests', op: 'neq', value: 'crm' }] })).toBe(false);
  });

  it('neq counts an absent field as not equal; eq never matches an absent one', () => {
    expect(check({ all: [{ field: 'churnRisk', op: 'neq', value: 'high' }] })).toBe(true);
    expect(check({ all: [{ field: 'churnRisk', op: 'eq', value: 'high' }] })).toBe(false);
  });

  it('in matches one of a list, also on array fields', () => {
    expect(check({ all: [{ field: 'lifecycleStage', op: 'in', value: ['mql', 'customer'] }] })).toBe(true);
    expect(check({ all: [{ field: 'lifecycleStage', op: 'in', value: ['mql', 'sql'] }] })).toBe(false);
    expect(check({ all: [{ field: 'interests', op: 'in', value: ['erp', 'crm'] }] })).toBe(true);
  });

  it('contains finds an element of an array or a substring of a string', () => {
    expect(check({ all: [{ field: 'interests', op: 'contains', value: 'crm' }] })).toBe(true);
    expect(check({ all: [{ field: 'interests', op: 'contains', value: 'cr' }] })).toBe(false);
    expect(check({ all: [{ field: 'ownerId', op: 'contains', value: 'U-' }] })).toBe(true);
  });

  it('gt, gte, lt and lte compare numbers; an absent field (customerValue) never compares', () => {
    expect(check({ all: [{ field: 'score', op: 'gt', value: 41 }] })).toBe(true);
    expect(check({ all: [{ field: 'score', op: 'gt', value: 42 }] })).toBe(false);
    expect(check({ all: [{ field: 'score', op: 'gte', value: 42 }] })).toBe(true);
    expect(check({ all: [{ field: 'score', op: 'lt', value: 42 }] })).toBe(false);
    expect(check({ all: [{ field: 'score', op: 'lte', value: 42 }] })).toBe(true);
    expect(check({ all: [{ field: 'customerValue', op: 'gt', value: 0 }] })).toBe(false);
    expect(check({ all: [{ field: 'customerValue', op: 'lt', value: 1_000_000 }] })).toBe(false);
  });

  it('exists: present and non-empty; exists false is the opposite', () => {
    expect(check({ all: [{ field: 'ownerId', op: 'exists' }] })).toBe(true);
    expect(check({ all: [{ field: 'accountId', op: 'exists' }] })).toBe(false);
    expect(check({ all: [{ field: 'accountId', op: 'exists', value: false }] })).toBe(true);
    const noInterests = profile({ fields: { interests: [] } });
    expect(check({ all: [{ field: 'interests', op: 'exists' }] }, noInterests)).toBe(false);
  });
});

describe('segment rule: behaviour (event:<type>) with a fixed clock', () => {
  it('within_days: visited a page in the last N days, bounded by the clock', () => {
    expect(check({ all: [{ field: 'event:page_view', op: 'within_days', value: 3 }] })).toBe(true);
    expect(check({ all: [{ field: 'event:page_view', op: 'within_days', value: 2 }] })).toBe(false);
    expect(check({ all: [{ field: 'event:demo_request', op: 'within_days', value: 365 }] })).toBe(false);
  });

  it('"visited pricing in the last 30 days": where url contains', () => {
    const pricing = {
      field: 'event:page_view',
      op: 'within_days',
      value: 30,
      where: { url: { contains: 'PRICING' } },
    };
    expect(check({ all: [pricing] })).toBe(true);
    const old = profile({ pages: [{ url: '/de/pricing', at: daysAgo(31) }] });
    expect(check({ all: [pricing] }, old)).toBe(false);
    const blog = { ...pricing, where: { url: { contains: '/blog' } } };
    expect(check({ all: [blog] })).toBe(false);
    expect(check({ all: [{ ...blog, value: 60 }] })).toBe(true);
  });

  it('"no order for 180 days": not within_days on event:order.placed', () => {
    const noRecentOrder = { not: { field: 'event:order.placed', op: 'within_days', value: 180 } };
    expect(check(noRecentOrder)).toBe(true);
    const recent = profile({ events: { 'order.placed': { lastAt: daysAgo(10), count: 1 } } });
    expect(check(noRecentOrder, recent)).toBe(false);
    const never = profile({ events: {} });
    expect(check(noRecentOrder, never)).toBe(true);
  });

  it('exists and count comparisons on event types', () => {
    expect(check({ all: [{ field: 'event:order.placed', op: 'exists' }] })).toBe(true);
    expect(check({ all: [{ field: 'event:whitepaper_download', op: 'exists', value: false }] })).toBe(true);
    expect(check({ all: [{ field: 'event:page_view', op: 'gte', value: 7 }] })).toBe(true);
    expect(check({ all: [{ field: 'event:page_view', op: 'eq', value: 6 }] })).toBe(false);
    expect(check({ all: [{ field: 'event:whitepaper_download', op: 'lt', value: 1 }] })).toBe(true);
  });
});

describe('segment rule: groups', () => {
  it('all needs every child, any one of them, not inverts; groups nest', () => {
    const german = { field: 'language', op: 'eq', value: 'de' };
    const english = { field: 'language', op: 'eq', value: 'en' };
    expect(check({ all: [german, { field: 'score', op: 'gt', value: 10 }] })).toBe(true);
    expect(check({ all: [german, english] })).toBe(false);
    expect(check({ any: [german, english] })).toBe(true);
    expect(check({ any: [english, { not: german }] })).toBe(false);
    expect(
      check({
        all: [
          { any: [english, { all: [german, { field: 'interests', op: 'contains', value: 'crm' }] }] },
          { not: { field: 'event:order.placed', op: 'within_days', value: 180 } },
        ],
      }),
    ).toBe(true);
  });

  it('isTimeBased finds a within_days anywhere in the tree', () => {
    expect(isTimeBased(rule({ all: [{ field: 'score', op: 'gt', value: 1 }] }))).toBe(false);
    expect(
      isTimeBased(rule({ any: [{ not: { field: 'event:order.placed', op: 'within_days', value: 180 } }] })),
    ).toBe(true);
  });
});

describe('segment rule: validation', () => {
  const invalid = (input: unknown) => expect(ruleSchema.safeParse(input).success).toBe(false);

  it('refuses unknown fields, ops and keys, and a bare condition at the top', () => {
    invalid({ all: [{ field: 'email', op: 'eq', value: 'x' }] });
    invalid({ all: [{ field: 'score', op: 'like', value: 1 }] });
    invalid({ all: [{ field: 'score', op: 'gt', value: 1, extra: true }] });
    invalid({ field: 'score', op: 'gt', value: 1 });
    invalid({ all: [] });
    invalid({ all: [{ field: 'event:Page View', op: 'exists' }] });
  });

  it('checks the value against the op', () => {
    invalid({ all: [{ field: 'score', op: 'gt', value: '10' }] });
    invalid({ all: [{ field: 'lifecycleStage', op: 'in', value: 'customer' }] });
    invalid({ all: [{ field: 'lifecycleStage', op: 'in', value: [] }] });
    invalid({ all: [{ field: 'score', op: 'within_days', value: 3 }] });
    invalid({ all: [{ field: 'event:page_view', op: 'within_days', value: 0 }] });
    invalid({ all: [{ field: 'event:page_view', op: 'within_days', value: 1.5 }] });
    invalid({ all: [{ field: 'event:page_view', op: 'contains', value: 'x' }] });
    invalid({ all: [{ field: 'event:order.placed', op: 'exists', where: { url: { contains: 'x' } } }] });
    invalid({ all: [{ field: 'language', op: 'eq' }] });
  });

  it('bounds depth and size', () => {
    const leaf = { field: 'score', op: 'gt', value: 1 };
    const deep = { all: [{ all: [{ all: [{ all: [{ all: [{ all: [leaf] }] }] }] }] }] };
    invalid(deep);
    expect(ruleSchema.safeParse({ all: [{ all: [{ all: [{ all: [leaf] }] }] }] }).success).toBe(true);
    invalid({ any: Array.from({ length: MAX_RULE_CONDITIONS + 1 }, () => leaf) });
    invalid({
      any: [{ any: Array.from({ length: 30 }, () => leaf) }, { any: Array.from({ length: 30 }, () => leaf) }],
    });
  });
});
