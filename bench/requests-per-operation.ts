/**
 * DynamoDB requests per API operation. Every operation the contacts, accounts and activities
 * functions serve is called once through its handler (in-process, after setup) and the requests it
 * sent are counted by command with the platform client's counter. Requests, not milliseconds, are
 * what DynamoDB bills and what adds latency on AWS, so this figure travels from DynamoDB Local to AWS.
 *
 * Target (the words): 1 request for every read, 1 transaction for every write. A write that
 * must read the current record first (for its response, its event or its uniqueness claims) is
 * shown with that read and the reason; its write is still one transaction.
 */
import { randomUUID } from 'node:crypto';
import { startBenchTable } from './support/local-table.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { table } from './support/stats.ts';

/** The functions whose operations this bench covers (system has no DynamoDB access of its own). */
const FUNCTIONS = ['contacts', 'accounts', 'activities'];

/** Why an operation sends more than one request; printed next to it. */
const REASONS: Record<string, string> = {
  updateContact: 'reads first: the diff decides email-claim items, changed fields',
  deleteContact: 'reads first: the email claim to release is in the contact',
  setContactConsent: 'reads first: merges the channel into the consents map',
  getContact360: 'the account is its own partition: GetItem after the Query',
  updateAccount: 'reads first: the diff decides the changed fields',
  deleteAccount: 'reads and queries first: an account with contacts stays',
  updateActivity: 'reads first: the diff; at least one link must remain',
  deleteActivity: 'reads first: the event carries the deleted links',
};

type Scenario = {
  operation: string;
  variant?: string;
  method: string;
  url: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

const bench = await startBenchTable();
try {
  const { apiCatalog } = await import('#shared/api-catalog.ts');
  const { dynamo, dynamoRequests, resetDynamoRequests } = await import('#shared/platform/db/client.ts');
  const { call, newContactBody, seedContact360 } = await import('./support/fixtures.ts');

  // Counts the items of each transaction: one request may carry 2 or 10 writes.
  let transactItems = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
      transactItems += items?.length ?? 0;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountTransactItems' },
  );

  // ---- setup (not counted): one record of each kind to read and change, and spares to delete ----
  const { accountId, contactId, activityIds } = await seedContact360();
  const activityId = activityIds[0] ?? '';
  const plainContact = (await call('POST', '/v1/contacts', 201, { body: newContactBody() })).json.id;
  const spareContact = (await call('POST', '/v1/contacts', 201, { body: newContactBody() })).json.id;
  const spareAccount = (await call('POST', '/v1/accounts', 201, { body: { name: 'Spare GmbH' } })).json.id;
  const spareActivity = (
    await call('POST', '/v1/activities', 201, {
      body: { type: 'note', subject: 'Spare', contactId: plainContact },
    })
  ).json.id;

  const scenarios: Scenario[] = [
    { operation: 'createContact', method: 'POST', url: '/v1/contacts', status: 201, body: newContactBody() },
    {
      operation: 'createContact',
      variant: 'with account + consent',
      method: 'POST',
      url: '/v1/contacts',
      status: 201,
      body: newContactBody({ accountId, consents: { email: { status: 'granted', source: 'Webformular' } } }),
    },
    {
      operation: 'createContact',
      variant: 'with Idempotency-Key',
      method: 'POST',
      url: '/v1/contacts',
      status: 201,
      body: newContactBody(),
      headers: { 'idempotency-key': randomUUID() },
    },
    { operation: 'listContacts', method: 'GET', url: `/v1/contacts?accountId=${accountId}`, status: 200 },
    { operation: 'getContact', method: 'GET', url: `/v1/contacts/${contactId}`, status: 200 },
    {
      operation: 'updateContact',
      method: 'PATCH',
      url: `/v1/contacts/${contactId}`,
      status: 200,
      body: { jobTitle: 'Einkaufsleiter' },
    },
    { operation: 'deleteContact', method: 'DELETE', url: `/v1/contacts/${spareContact}`, status: 204 },
    {
      operation: 'getContact360',
      variant: 'with account',
      method: 'GET',
      url: `/v1/contacts/${contactId}/360`,
      status: 200,
    },
    {
      operation: 'getContact360',
      variant: 'without account',
      method: 'GET',
      url: `/v1/contacts/${plainContact}/360`,
      status: 200,
    },
    {
      operation: 'setContactConsent',
      method: 'PUT',
      url: `/v1/contacts/${contactId}/consents/phone`,
      status: 200,
      body: { status: 'granted', source: 'Telefonat' },
    },
    {
      operation: 'createAccount',
      method: 'POST',
      url: '/v1/accounts',
      status: 201,
      body: { name: 'Neu AG' },
    },
    { operation: 'listAccounts', method: 'GET', url: '/v1/accounts?q=m%C3%BCller', status: 200 },
    { operation: 'getAccount', method: 'GET', url: `/v1/accounts/${accountId}`, status: 200 },
    {
      operation: 'updateAccount',
      method: 'PATCH',
      url: `/v1/accounts/${accountId}`,
      status: 200,
      body: { industry: 'Werkzeugmaschinen' },
    },
    { operation: 'deleteAccount', method: 'DELETE', url: `/v1/accounts/${spareAccount}`, status: 204 },
    {
      operation: 'createActivity',
      method: 'POST',
      url: '/v1/activities',
      status: 201,
      body: { type: 'call', subject: 'Rückruf', contactId },
    },
    { operation: 'listActivities', method: 'GET', url: `/v1/activities?contactId=${contactId}`, status: 200 },
    { operation: 'getActivity', method: 'GET', url: `/v1/activities/${activityId}`, status: 200 },
    {
      operation: 'updateActivity',
      method: 'PATCH',
      url: `/v1/activities/${activityId}`,
      status: 200,
      body: { completedAt: new Date().toISOString() },
    },
    { operation: 'deleteActivity', method: 'DELETE', url: `/v1/activities/${spareActivity}`, status: 204 },
  ];

  // ---- one call per scenario, in catalog order; an operation without a scenario is a miss too ----
  const rows: string[][] = [];
  const tally = { reads: 0, readsMet: 0, writes: 0, writesMet: 0, readFirst: 0, missing: [] as string[] };
  for (const api of apiCatalog.filter((feature) => FUNCTIONS.includes(feature.functionName))) {
    for (const [id, operation] of Object.entries(api.operations)) {
      const route = `${operation.method} ${operation.path}`;
      const own = scenarios.filter((scenario) => scenario.operation === id);
      if (own.length === 0) {
        tally.missing.push(id);
        rows.push([id, route, '', 'no scenario', '', 'MISS', 'add one to bench/requests-per-operation.ts']);
        continue;
      }
      for (const scenario of own) {
        resetDynamoRequests();
        transactItems = 0;
        await call(scenario.method, scenario.url, scenario.status, {
          body: scenario.body,
          headers: scenario.headers ?? {},
        });
        const counts = dynamoRequests();
        const sent = Object.values(counts).reduce((sum, count) => sum + count, 0);
        const isRead = operation.method === 'GET';
        const writeRequests = sent - (counts.GetItemCommand ?? 0) - (counts.QueryCommand ?? 0);
        const met = isRead ? sent === 1 : counts.TransactWriteItemsCommand === 1 && writeRequests === 1;
        if (isRead) {
          tally.reads += 1;
          if (met) tally.readsMet += 1;
        } else {
          tally.writes += 1;
          if (met) tally.writesMet += 1;
          if (sent > 1) tally.readFirst += 1;
        }
        rows.push([
          scenario.variant ? `${id} (${scenario.variant})` : id,
          route,
          isRead ? 'read' : 'write',
          Object.entries(counts)
            .map(([command, count]) => `${count} ${command.replace(/Command$/, '')}`)
            .join(' + '),
          transactItems > 0 ? String(transactItems) : '',
          met ? 'met' : 'MISS',
          sent > 1 ? (REASONS[id] ?? 'unexplained: look at the use case') : '',
        ]);
      }
    }
  }

  console.log('\nDynamoDB requests per API operation (one call each, through the handler)');
  console.log(
    'Target: 1 request for every read; exactly 1 TransactWriteItems (and no other write) for every write.\n',
  );
  console.log(
    table(
      ['operation', 'route', 'kind', 'requests sent', 'tx items', 'target', 'why more than one request'],
      rows,
    ),
  );
  const verdicts: Verdict[] = [
    {
      label: 'reads answered with one request',
      value: `${tally.readsMet}/${tally.reads}`,
      target: '1 request',
      met: tally.readsMet === tally.reads,
    },
    {
      label: 'writes committed in one transaction',
      value: `${tally.writesMet}/${tally.writes} (${tally.readFirst} read the record first, reasons in the table)`,
      target: '1 TransactWriteItems',
      met: tally.writesMet === tally.writes,
    },
    ...(tally.missing.length
      ? [
          {
            label: 'operations without a scenario',
            value: tally.missing.join(', '),
            target: 'none',
            met: false,
          },
        ]
      : []),
  ];
  writeVerdicts('requests-per-operation', verdicts);
} finally {
  await bench.stop();
}
