import { SEED_LEADS, SEED_OPPORTUNITIES, SEED_PRODUCTS } from './seed-sales-data.ts';

type Answer = { status: number; body: unknown };
type Call = (method: string, path: string, body?: unknown, key?: string) => Promise<Answer>;

export type SalesSeedReport = {
  products: number;
  leads: { created: number; existing: number };
  opportunities: { created: number; existing: number };
};

/** The open stages in board order; a deal walks them before it closes. */
const OPEN_STAGES: readonly string[] = ['qualification', 'proposal', 'negotiation'];

/**
 * Seeds the sales side through the API: price list (PUT, idempotent by nature), leads with their
 * behaviour (one lead per email, so a re-run updates rather than duplicates), and opportunities
 * walked through the pipeline's stages (skipped when the contact already has one of that name).
 */
export const seedSales = async (options: {
  call: Call;
  contactIds: ReadonlyMap<string, string>;
  accountIdOf: (accountKey: string) => string | undefined;
  key: (kind: string, key: string) => string;
  today: Date;
  fail: (what: string, answer: Answer) => never;
}): Promise<SalesSeedReport> => {
  const { call, key, fail } = options;
  const report: SalesSeedReport = {
    products: 0,
    leads: { created: 0, existing: 0 },
    opportunities: { created: 0, existing: 0 },
  };

  for (const { sku, ...product } of SEED_PRODUCTS) {
    const answer = await call('PUT', `/v1/products/${sku}`, product);
    if (answer.status >= 300) fail(`product ${sku}`, answer);
    report.products += 1;
  }

  for (const { behaviour, ...lead } of SEED_LEADS) {
    const known = await call('GET', `/v1/leads?email=${encodeURIComponent(lead.email)}&limit=1`);
    if (((known.body as { items?: unknown[] }).items ?? []).length > 0) {
      report.leads.existing += 1;
      continue;
    }
    const answer = await call('POST', '/v1/leads', lead, key('lead', lead.email));
    const id = (answer.body as { id?: string }).id ?? fail(`lead ${lead.email}`, answer);
    report.leads.created += 1;
    for (const [index, type] of behaviour.entries()) {
      const event = await call(
        'POST',
        `/v1/leads/${id}/events`,
        { type },
        key('lead-event', `${lead.email}:${index}`),
      );
      if (event.status >= 300) fail(`a ${type} of ${lead.email}`, event);
    }
  }

  for (const opportunity of SEED_OPPORTUNITIES) {
    const contactId = options.contactIds.get(opportunity.contact.key);
    if (!contactId) continue;
    const listed = await call('GET', `/v1/opportunities?contactId=${contactId}&limit=50`);
    const names = ((listed.body as { items?: { name: string }[] }).items ?? []).map((item) => item.name);
    if (names.includes(opportunity.name)) {
      report.opportunities.existing += 1;
      continue;
    }
    const expectedCloseDate = new Date(options.today.getTime() + opportunity.closeInDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const created = await call(
      'POST',
      '/v1/opportunities',
      {
        name: opportunity.name,
        contactId,
        accountId: options.accountIdOf(opportunity.contact.accountKey) ?? undefined,
        amount: { amount: opportunity.amount, currency: 'EUR' },
        expectedCloseDate,
        ownerId: opportunity.contact.ownerId,
      },
      key('opportunity', opportunity.name),
    );
    const id = (created.body as { id?: string }).id ?? fail(`opportunity ${opportunity.name}`, created);
    report.opportunities.created += 1;
    // Walk the pipeline, so stage history and events look like real selling.
    const target = opportunity.stage as string;
    const path = target.startsWith('closed')
      ? [...OPEN_STAGES.slice(1), target]
      : OPEN_STAGES.slice(1, OPEN_STAGES.indexOf(target) + 1);
    for (const stage of path) {
      const body = { stage, ...(stage === 'closed_lost' ? { lostReason: opportunity.lostReason } : {}) };
      const moved = await call(
        'POST',
        `/v1/opportunities/${id}/stage`,
        body,
        key('stage', `${opportunity.name}:${stage}`),
      );
      if (moved.status >= 300) fail(`moving ${opportunity.name} to ${stage}`, moved);
    }
  }
  return report;
};
