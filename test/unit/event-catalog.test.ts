import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventCatalogMarkdown, loadEventContracts } from '../../scripts/event-catalog.ts';

describe('docs/event-catalog.md', () => {
  it('matches the event contracts (regenerate with node scripts/event-catalog.ts)', async () => {
    const written = readFileSync(new URL('../../docs/event-catalog.md', import.meta.url), 'utf8');
    expect(written).toBe(eventCatalogMarkdown(await loadEventContracts()));
  });

  it('covers every event PRODUCT.md names that the built features emit', async () => {
    const names = (await loadEventContracts()).map((contract) => contract.name);
    for (const name of [
      'lead.captured',
      'lead.scored',
      'lead.qualified',
      'lead.converted',
      'contact.created',
      'contact.updated',
      'consent.changed',
      'opportunity.created',
      'opportunity.stage_changed',
      'opportunity.won',
      'opportunity.lost',
      'quote.submitted',
      'quote.approved',
      'quote.rejected',
      'quote.accepted',
      'order.placed',
      'order.synced',
      'order.invoiced',
    ]) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
