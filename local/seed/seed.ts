import { createHash } from 'node:crypto';
import { UserFacingError } from '../config.ts';
import { SEED_ACCOUNTS, SEED_ACTIVITIES, SEED_CONTACTS, type SeedActivity } from './seed-data.ts';
import { type MarketingSeedReport, seedMarketing } from './seed-marketing.ts';
import { type SalesSeedReport, seedSales } from './seed-sales.ts';

export type SeedOptions = {
  /** Base URL of the running local API, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** An admin bearer token the instance accepts. */
  token: string;
  log?: (line: string) => void;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Today (UTC midnight) for due and completion dates; injectable for tests. */
  today?: Date;
};

export type SeedReport = {
  accounts: { created: number; existing: number };
  contacts: { created: number; existing: number };
  consents: number;
  activities: { created: number; existing: number };
  sales?: SalesSeedReport;
  marketing?: MarketingSeedReport;
};

type Answer = { status: number; body: unknown };

const KEY_PREFIX = 'seed-v1';

/** Header values must be ASCII: keys built from names and subjects are hashed. */
const idempotencyKey = (kind: string, key: string): string =>
  `${KEY_PREFIX}-${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
const DAY_MS = 24 * 3600 * 1000;

/** Runs `work` over `items` with at most `limit` promises in flight. */
const pool = async <T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/**
 * Seeds demo data through the instance's own HTTP API (so validation, idempotency, the outbox and
 * the events all run for real). Re-running creates nothing twice: records are found by domain,
 * email and subject first, and every POST carries a deterministic Idempotency-Key.
 */
export const seed = async (options: SeedOptions): Promise<SeedReport> => {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const concurrency = options.concurrency ?? 8;
  const today = new Date(Math.floor((options.today ?? new Date()).getTime() / DAY_MS) * DAY_MS);
  const report: SeedReport = {
    accounts: { created: 0, existing: 0 },
    contacts: { created: 0, existing: 0 },
    consents: 0,
    activities: { created: 0, existing: 0 },
  };

  const call = async (method: string, path: string, body?: unknown, key?: string): Promise<Answer> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      throw new UserFacingError(
        `No Front Office answers at ${options.baseUrl}: start it with \`npx frontoffice start\` (same PORT).`,
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the message.
    }
    if (response.status === 401) {
      throw new UserFacingError(
        `${options.baseUrl} refused the seed token: run seed with the same FRONTOFFICE_DATA_DIR as start.`,
      );
    }
    return { status: response.status, body: parsed };
  };

  const fail = (what: string, answer: Answer): never => {
    const detail = (answer.body as { detail?: string } | undefined)?.detail ?? JSON.stringify(answer.body);
    throw new UserFacingError(`Seeding ${what} failed with ${answer.status}: ${detail}`);
  };

  const firstId = (answer: Answer): string | undefined =>
    answer.status === 200 ? (answer.body as { items?: { id: string }[] }).items?.[0]?.id : undefined;

  const created = (answer: Answer): string | undefined =>
    answer.status === 200 || answer.status === 201 ? (answer.body as { id?: string }).id : undefined;

  // Accounts: found by domain, else created.
  const accountIds = new Map<string, string>();
  await pool(SEED_ACCOUNTS, concurrency, async (account) => {
    const existing = firstId(
      await call('GET', `/v1/accounts?domain=${encodeURIComponent(account.domain)}&limit=1`),
    );
    if (existing) {
      accountIds.set(account.key, existing);
      report.accounts.existing += 1;
      return;
    }
    const { key: _key, language: _language, ...body } = account;
    const answer = await call('POST', '/v1/accounts', body, idempotencyKey('account', account.key));
    const id = created(answer) ?? fail(`account ${account.name}`, answer);
    accountIds.set(account.key, id);
    report.accounts.created += 1;
  });
  log(`  accounts   ${report.accounts.created} created, ${report.accounts.existing} already there`);

  // Contacts: found by email, else created (409 on an existing email also means "already there").
  const contactIds = new Map<string, string>();
  await pool(SEED_CONTACTS, concurrency, async (contact) => {
    const lookup = () => call('GET', `/v1/contacts?email=${encodeURIComponent(contact.email)}&limit=1`);
    const existing = firstId(await lookup());
    let id = existing;
    if (!id) {
      const { key: _key, accountKey, consents: _consents, ...fields } = contact;
      const answer = await call(
        'POST',
        '/v1/contacts',
        { ...fields, accountId: accountIds.get(accountKey) ?? null },
        idempotencyKey('contact', contact.key),
      );
      id = created(answer) ?? (answer.status === 409 ? firstId(await lookup()) : undefined);
      if (!id) fail(`contact ${contact.email}`, answer);
      if (answer.status === 409) report.contacts.existing += 1;
      else report.contacts.created += 1;
    } else {
      report.contacts.existing += 1;
    }
    if (!id) return;
    contactIds.set(contact.key, id);
    // Consents: PUT is idempotent by nature.
    for (const consent of contact.consents) {
      const { channel, ...body } = consent;
      const answer = await call('PUT', `/v1/contacts/${id}/consents/${channel}`, body);
      if (answer.status >= 300) fail(`the ${channel} consent of ${contact.email}`, answer);
      report.consents += 1;
      // Given on the newsletter form: the email consent is also consent to the newsletter purpose.
      if (channel === 'email' && body.status === 'granted') {
        const purpose = { status: 'granted', source: body.source, wordingVersion: body.version };
        const newsletter = await call('PUT', `/v1/contacts/${id}/purposes/newsletter`, purpose);
        if (newsletter.status >= 300) fail(`the newsletter consent of ${contact.email}`, newsletter);
      }
    }
  });
  log(`  contacts   ${report.contacts.created} created, ${report.contacts.existing} already there`);
  log(`  consents   ${report.consents} set`);

  // Activities: skipped when the contact already has one with the same subject.
  const byContact = new Map<string, SeedActivity[]>();
  for (const activity of SEED_ACTIVITIES) {
    byContact.set(activity.contactKey, [...(byContact.get(activity.contactKey) ?? []), activity]);
  }
  await pool([...byContact.entries()], concurrency, async ([contactKey, activities]) => {
    const contactId = contactIds.get(contactKey);
    if (!contactId) return;
    const listed = await call('GET', `/v1/activities?contactId=${contactId}&limit=200`);
    const subjects = new Set(
      listed.status === 200
        ? ((listed.body as { items?: { subject: string }[] }).items ?? []).map((item) => item.subject)
        : [],
    );
    for (const activity of activities) {
      if (subjects.has(activity.subject)) {
        report.activities.existing += 1;
        continue;
      }
      const at = (days: number) => new Date(today.getTime() + days * DAY_MS + 10 * 3600 * 1000).toISOString();
      const body = {
        type: activity.type,
        subject: activity.subject,
        body: activity.body,
        contactId,
        accountId: accountIds.get(activity.accountKey) ?? null,
        ownerId: activity.ownerId,
        ...(activity.dueInDays === undefined ? {} : { dueAt: at(activity.dueInDays) }),
        ...(activity.completedDaysAgo === undefined ? {} : { completedAt: at(-activity.completedDaysAgo) }),
      };
      const answer = await call('POST', '/v1/activities', body, idempotencyKey('activity', activity.key));
      // 422: the key was used with other dates on an earlier day; the activity exists already.
      if (answer.status === 422) report.activities.existing += 1;
      else if (created(answer)) report.activities.created += 1;
      else fail(`activity "${activity.subject}"`, answer);
    }
  });
  log(`  activities ${report.activities.created} created, ${report.activities.existing} already there`);

  report.sales = await seedSales({
    call,
    contactIds,
    accountIdOf: (accountKey) => accountIds.get(accountKey),
    key: idempotencyKey,
    today,
    fail,
  });
  log(`  products   ${report.sales.products} in the price list`);
  log(`  leads      ${report.sales.leads.created} created, ${report.sales.leads.existing} already there`);
  log(
    `  deals      ${report.sales.opportunities.created} created, ${report.sales.opportunities.existing} already there`,
  );
  report.marketing = await seedMarketing({ call, key: idempotencyKey, fail });
  const { templates, sequences } = report.marketing;
  log(`  templates  ${templates.created} created, ${templates.existing} already there`);
  log(`  marketing  segment ${report.marketing.segment}, campaign (draft) ${report.marketing.campaign}`);
  log(`  sequences  ${sequences.created} created, ${sequences.existing} already there`);
  return report;
};

/** Waits until `/health` says 200, so `start --seed` and `seed` right after `start` both work. */
export const waitForHealthy = async (baseUrl: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let reachable = false;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/health', baseUrl));
      reachable = true;
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening (yet).
      if (!reachable && Date.now() > deadline - timeoutMs + 2000) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new UserFacingError(
    reachable
      ? `Front Office at ${baseUrl} did not become healthy: check the output of \`npx frontoffice start\`.`
      : `No Front Office answers at ${baseUrl}: start it with \`npx frontoffice start\` (same PORT), then seed.`,
  );
};
