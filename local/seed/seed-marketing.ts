import { SEED_CAMPAIGN, SEED_NURTURE, SEED_SEGMENT, SEED_TEMPLATES } from './seed-marketing-data.ts';

/** The name `POST /v1/sequences/examples/reactivation` gives its sequence. */
const REACTIVATION_SEQUENCE = 'Reaktivierung inaktiver Kunden';

type Answer = { status: number; body: unknown };
type Call = (method: string, path: string, body?: unknown, key?: string) => Promise<Answer>;

export type MarketingSeedReport = {
  templates: { created: number; existing: number };
  segment: 'created' | 'existing';
  campaign: 'created' | 'existing';
  sequences: { created: number; existing: number };
};

/** The id of the record with that name in a list (every page), or undefined. */
const findByName = async (call: Call, path: string, name: string): Promise<string | undefined> => {
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await call('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`);
    const page = answer.body as { items?: { id: string; name: string }[]; nextCursor?: string | null };
    const found = page.items?.find((item) => item.name === name);
    if (found) return found.id;
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return undefined;
};

/**
 * Seeds the marketing side through the API: templates, a segment, a draft campaign (sending is the
 * user's decision), the whitepaper nurture sequence and the reactivation example. Found by name
 * first, and every POST carries a deterministic Idempotency-Key, so a re-run adds nothing.
 */
export const seedMarketing = async (options: {
  call: Call;
  key: (kind: string, key: string) => string;
  fail: (what: string, answer: Answer) => never;
}): Promise<MarketingSeedReport> => {
  const { call, key, fail } = options;
  const report: MarketingSeedReport = {
    templates: { created: 0, existing: 0 },
    segment: 'existing',
    campaign: 'existing',
    sequences: { created: 0, existing: 0 },
  };
  const idOf = (what: string, answer: Answer): string =>
    (answer.status < 300 ? (answer.body as { id?: string }).id : undefined) ?? fail(what, answer);

  const templateIds = new Map<string, string>();
  for (const template of SEED_TEMPLATES) {
    let id = await findByName(call, '/v1/templates?kind=marketing', template.name);
    if (id) report.templates.existing += 1;
    else {
      id = idOf(
        `template ${template.name}`,
        await call('POST', '/v1/templates', template, key('template', template.name)),
      );
      report.templates.created += 1;
    }
    templateIds.set(template.name, id);
  }
  const templateId = (name: string): string =>
    templateIds.get(name) ?? fail(`template ${name}`, { status: 0, body: 'missing' });

  let segmentId = await findByName(call, '/v1/segments', SEED_SEGMENT.name);
  if (!segmentId) {
    segmentId = idOf(
      'the segment',
      await call('POST', '/v1/segments', SEED_SEGMENT, key('segment', SEED_SEGMENT.name)),
    );
    report.segment = 'created';
  }

  if (!(await findByName(call, '/v1/campaigns', SEED_CAMPAIGN.name))) {
    const { template, ...campaign } = SEED_CAMPAIGN;
    idOf(
      'the campaign',
      await call(
        'POST',
        '/v1/campaigns',
        { ...campaign, segmentId, templateId: templateId(template) },
        key('campaign', SEED_CAMPAIGN.name),
      ),
    );
    report.campaign = 'created';
  }

  if (await findByName(call, '/v1/sequences', SEED_NURTURE.name)) report.sequences.existing += 1;
  else {
    const [first, second, third] = SEED_NURTURE.mails.map((name) => ({
      type: 'mail' as const,
      templateId: templateId(name),
      purpose: 'marketing' as const,
    }));
    const [firstWait, secondWait] = SEED_NURTURE.waits.map((days) => ({ type: 'wait' as const, days }));
    const { mails: _mails, waits: _waits, ...sequence } = SEED_NURTURE;
    idOf(
      'the nurture sequence',
      await call(
        'POST',
        '/v1/sequences',
        { ...sequence, steps: [first, firstWait, second, secondWait, third] },
        key('sequence', SEED_NURTURE.name),
      ),
    );
    report.sequences.created += 1;
  }

  if (await findByName(call, '/v1/sequences', REACTIVATION_SEQUENCE)) report.sequences.existing += 1;
  else {
    const example = await call(
      'POST',
      '/v1/sequences/examples/reactivation',
      {},
      key('sequence', 'reactivation'),
    );
    if (example.status >= 300) fail('the reactivation example', example);
    report.sequences.created += 1;
  }
  return report;
};
