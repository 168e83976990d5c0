// Acceptance (issue 6): "The lake holds no email address, name or phone number of any seeded
// contact." The real seed runs against the API served in-process on this file's table, tickets and
// an order are added through the API, every outbox event goes through the lake writer, and every
// column of every Parquet row is scanned.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHttpServer } from '#local/http/http-server.ts';
import { createLakeWriter } from '#local/lake/lake-writer.ts';
import { seed } from '#local/seed/seed.ts';
import { SEED_CONTACTS } from '#local/seed/seed-data.ts';
import { SEED_LEADS } from '#local/seed/seed-sales-data.ts';
import { openLake } from '#shared/analytics/duckdb-lake.ts';
import { lakeRow } from '#shared/analytics/lake-row.ts';
import { invoke } from '../support/invoke.ts';
import { startLocalApi } from '../support/local-api.ts';
import { outboxEvents } from '../support/outbox.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'fo-lake-privacy-'));
const lakeDir = join(dataDir, 'lake');
let server: RunningHttpServer;

beforeAll(async () => {
  const api = await startLocalApi(dataDir, 'privacy-test');
  server = api.server;
  await seed({ baseUrl: server.url, token: api.adminToken, log: () => undefined, concurrency: 4 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Tickets (web, with the customer's name, email and phone) and a placed order, through the API. */
const serviceAndOrders = async (): Promise<{ ticketIds: string[]; orderId: string }> => {
  const ticketIds: string[] = [];
  for (const contact of SEED_CONTACTS.slice(0, 3)) {
    const ticket = await invoke('POST', '/v1/tickets', {
      body: {
        subject: 'Defektes Produkt',
        description: `Bitte rufen Sie ${contact.firstName} ${contact.lastName} unter ${contact.phone} an.`,
        email: contact.email,
        name: `${contact.firstName} ${contact.lastName}`,
        channel: 'web',
      },
      role: 'service',
    });
    expect(ticket.status, JSON.stringify(ticket.json)).toBe(201);
    ticketIds.push(ticket.json.id);
    const resolved = await invoke('POST', `/v1/tickets/${ticket.json.id}/resolve`, {
      body: {},
      role: 'service',
    });
    expect(resolved.status, JSON.stringify(resolved.json)).toBe(200);
  }
  const contact = SEED_CONTACTS[0];
  const contacts = await invoke('GET', `/v1/contacts?email=${encodeURIComponent(contact?.email ?? '')}`);
  const deal = await invoke('POST', '/v1/opportunities', {
    body: {
      name: `${contact?.lastName} – Ersatzteile`,
      amount: { amount: '5000.00', currency: 'EUR' },
      expectedCloseDate: '2026-12-31',
      contactId: contacts.json.items[0].id,
    },
    role: 'sales',
  });
  expect(deal.status, JSON.stringify(deal.json)).toBe(201);
  await invoke('PUT', '/v1/products/PRIV-1', {
    body: {
      name: 'Ersatzteilpaket',
      price: { amount: '100.00', currency: 'EUR' },
      taxPercent: '19',
      available: true,
    },
  });
  const quote = await invoke('POST', '/v1/quotes', {
    body: { opportunityId: deal.json.id, lines: [{ sku: 'PRIV-1', quantity: '2' }] },
    role: 'sales',
  });
  expect(quote.status, JSON.stringify(quote.json)).toBe(201);
  const submitted = await invoke('POST', `/v1/quotes/${quote.json.id}/submit`, { role: 'sales' });
  if (submitted.json.status === 'pending_approval') {
    await invoke('POST', `/v1/quotes/${quote.json.id}/approve`, { role: 'sales_manager' });
  }
  const accepted = await invoke('POST', `/v1/quotes/${quote.json.id}/accept`, { role: 'sales' });
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
  return { ticketIds, orderId: accepted.json.order?.id ?? accepted.json.orderId };
};

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The name as a whole word (no letter directly before or after it). */
const word = (name: string): RegExp => new RegExp(`(?<!\\p{L})${escapeRegExp(name)}(?!\\p{L})`, 'u');

describe('lake privacy', () => {
  it('holds no email address, name or phone number of any seeded contact or lead', async () => {
    // Prepare
    const { ticketIds, orderId } = await serviceAndOrders();
    const events = await outboxEvents();

    // Act: every event through the lake writer, as the local bus delivers them
    const writer = createLakeWriter({ lakeDir, flushIntervalMs: 60_000 });
    for (const event of events) writer.write(event);
    await writer.stop();

    // Assert: the events themselves are clean (the writer's email guard had nothing to drop)…
    const guarded = events
      .map((event) => ({ name: event.name, fields: lakeRow(event)?.redacted ?? [] }))
      .filter((entry) => entry.fields.length > 0);
    expect(guarded).toEqual([]);

    // …the lake holds the seeded business (so the scan below scans something)…
    const lake = await openLake(lakeDir);
    try {
      const names = (await lake.run('SELECT DISTINCT name FROM events ORDER BY name')).map((row) => row.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'contact.created',
          'lead.captured',
          'opportunity.created',
          'ticket.opened',
          'ticket.resolved',
          'order.placed',
        ]),
      );
      const subjects = new Set(
        (await lake.run('SELECT DISTINCT subject_id FROM events')).map((row) => String(row.subject_id)),
      );
      for (const id of [...ticketIds, orderId]) expect(subjects.has(id), id).toBe(true);
      const count = (await lake.run('SELECT count(*) AS n FROM events'))[0]?.n;
      expect(count).toBe(events.length);

      // …and no column of any row holds personal data. Every Parquet row, all columns, as text.
      const rows = await lake.run(
        `SELECT * FROM read_parquet('${join(lakeDir, 'events', '*', '*.parquet')}', hive_partitioning = true)`,
      );
      const text = rows.map((row) => Object.values(row).map(String).join('\u0001')).join('\n');
      const lower = text.toLowerCase();
      const people = [
        ...SEED_CONTACTS.map(({ email, firstName, lastName, phone }) => ({
          email,
          firstName,
          lastName,
          phone,
        })),
        ...SEED_LEADS.map(({ email, firstName, lastName }) => ({
          email,
          firstName,
          lastName,
          phone: undefined,
        })),
      ];
      // The scanner itself finds what it looks for.
      expect(word('Groß').test('a\u0001Groß\u0001b') && !word('Groß').test('Großhandel')).toBe(true);
      const found: string[] = [];
      for (const person of people) {
        if (lower.includes(person.email.toLowerCase())) found.push(`email of ${person.email}`);
        // Names as written (owner ids such as `lena.hoffmann` are lower-case user ids, not names).
        // As whole words: "Groß" is a name, "Großhandel" an industry.
        if (word(person.firstName).test(text)) found.push(`first name of ${person.email}`);
        if (word(person.lastName).test(text)) found.push(`last name of ${person.email}`);
        if (person.phone) {
          if (text.includes(person.phone)) found.push(`phone of ${person.email}`);
          if (text.includes(person.phone.replaceAll(' ', ''))) found.push(`phone digits of ${person.email}`);
        }
      }
      expect(/[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i.test(text), 'an email-like string').toBe(false);
      expect(found).toEqual([]);
    } finally {
      lake.close();
    }
  }, 120_000);
});
