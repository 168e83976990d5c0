import { describe, expect, it } from 'vitest';
import { createSequenceBody, MAX_STEPS } from '#shared/sequences/sequence.schema.ts';

const TEMPLATE = '01JZ0000000000000000000000';
const mail = { type: 'mail', templateId: TEMPLATE, purpose: 'marketing' };
const base = {
  name: 'Nurture',
  trigger: { type: 'event', event: 'lead.scored', behaviour: 'whitepaper_download' },
};

const issues = (body: unknown) => {
  const parsed = createSequenceBody.safeParse(body);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('sequence design', () => {
  it('takes a nurture with defaults: draft, the standard exits, condition onMiss = exit', () => {
    const parsed = createSequenceBody.parse({
      ...base,
      steps: [
        mail,
        { type: 'wait', days: 3 },
        { type: 'condition', rule: { all: [{ field: 'score', op: 'gte', value: 20 }] } },
        mail,
      ],
    });
    expect(parsed.status).toBe('draft');
    expect(parsed.exit.on).toEqual(['demo_request', 'lead_converted', 'unsubscribed', 'became_customer']);
    expect(parsed.steps[2]).toMatchObject({ onMatch: 'continue', onMiss: 'exit' });
  });

  it('refuses empty, mail-less and too long sequences', () => {
    expect(issues({ ...base, steps: [] })).toEqual([expect.stringContaining('at least one step')]);
    expect(issues({ ...base, steps: [{ type: 'wait', days: 1 }] })).toEqual([
      expect.stringContaining('at least one mail'),
    ]);
    expect(issues({ ...base, steps: Array.from({ length: MAX_STEPS + 1 }, () => mail) })).not.toEqual([]);
  });

  it('refuses waits of nothing or more than a year, and backward or outside jumps', () => {
    expect(issues({ ...base, steps: [mail, { type: 'wait' }] })).toEqual([
      expect.stringContaining('at least one hour'),
    ]);
    expect(issues({ ...base, steps: [mail, { type: 'wait', days: 300, hours: 24 * 70 }] })).toEqual([
      expect.stringContaining('at most 366 days'),
    ]);
    const rule = { all: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }] };
    expect(issues({ ...base, steps: [mail, { type: 'condition', rule, onMatch: { skipTo: 1 } }] })).toEqual([
      expect.stringContaining('steps.1.onMatch.skipTo'),
    ]);
    expect(issues({ ...base, steps: [mail, { type: 'condition', rule, onMiss: { skipTo: 3 } }] })).toEqual([
      expect.stringContaining('steps.1.onMiss.skipTo'),
    ]);
    // Jumping to steps.length ends the sequence.
    expect(issues({ ...base, steps: [mail, { type: 'condition', rule, onMiss: { skipTo: 2 } }] })).toEqual(
      [],
    );
  });

  it('takes behaviour on lead.scored only, and known exits once each', () => {
    expect(
      issues({
        ...base,
        trigger: { type: 'event', event: 'lead.captured', behaviour: 'demo_request' },
        steps: [mail],
      }),
    ).toEqual([expect.stringContaining('behaviour')]);
    expect(issues({ ...base, steps: [mail], exit: { on: ['demo_request', 'demo_request'] } })).toEqual([
      expect.stringContaining('once'),
    ]);
    expect(issues({ ...base, steps: [mail], exit: { on: ['whenever'] } })).not.toEqual([]);
  });

  it('updates the lifecycle stage to a known stage, or adds an interest', () => {
    expect(
      issues({ ...base, steps: [mail, { type: 'update', field: 'lifecycleStage', value: 'sql' }] }),
    ).toEqual([]);
    expect(issues({ ...base, steps: [mail, { type: 'update', field: 'interests', value: 'ERP' }] })).toEqual(
      [],
    );
    expect(
      issues({ ...base, steps: [mail, { type: 'update', field: 'lifecycleStage', value: 'vip' }] }),
    ).not.toEqual([]);
    expect(
      issues({ ...base, steps: [mail, { type: 'update', field: 'email', value: 'x@y.z' }] }),
    ).not.toEqual([]);
  });
});
