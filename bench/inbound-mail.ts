/**
 * Inbound email → ticket (issue 4): the local SMTP server, wired as `frontoffice start` wires it
 * (`startInboundSmtp`: the `receiveInboundMail` use case, attachments as files in a temp dir), in
 * this process against an in-memory DynamoDB Local. 1,000 mails go over SMTP with nodemailer on 4
 * kept-open connections: ~70 % new tickets from ~400 senders (German and English, some with a small
 * attachment), ~30 % replies that thread by `In-Reply-To`, by `References` only, or by the ticket
 * number in the subject.
 *
 * The server answers 250 only after `receiveInboundMail` has committed the ticket (or the message),
 * so the time from the end of DATA (`\r\n.\r\n` written) to that reply is the time to a stored
 * ticket; it is read on the client's socket (`support/smtp-timing.ts`). Figures: p50/p99/mean/max,
 * mails/s, errors; afterwards, through the API, one contact per sender, its tickets and their
 * message counts, and through the Message-ID claims which ticket each mail went to.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { cpuSample, cpuShare } from './support/cpu.ts';
import { startBenchTable } from './support/local-table.ts';
import { mulberry32 } from './support/random.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { type DataReplyProbe, dataReplyProbe } from './support/smtp-timing.ts';
import { ms, summarise, table } from './support/stats.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? 1_000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 400);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const REPLY_SHARE = 0.3;
const ATTACHMENT_SHARE = 0.12;
/** Whatever is reached first: every mail sent, or this much time. */
const BUDGET_MS = 120_000;
const WARMUP = 24;
/** A reply comes at least this many mails after the one it answers (a customer reads the ack first). */
const MIN_REPLY_GAP = 8;
/** The longest a reply waits for the mail it answers to be accepted before it is skipped. */
const PARENT_WAIT_MS = 30_000;

/** A small deterministic PRNG (mulberry32): the same mails on every run. */
const random = mulberry32(0x1b0_3a11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

type Language = 'de' | 'en';
type Sender = { name: string; email: string; language: Language };
type Threading = 'in-reply-to' | 'references' | 'ticket-number';
type Mail = {
  index: number;
  kind: 'new' | 'reply';
  sender: Sender;
  messageId: string;
  /** For a reply by ticket number, the subject is made when it is sent (the number is known then). */
  subject: string;
  text: string;
  /** The new-ticket mail this one belongs to (itself for a new ticket). */
  root: number;
  /** The mail a reply answers (a new-ticket mail or an earlier reply of the same thread). */
  parent: number;
  threading: Threading | null;
  references: string[];
  attachment: { filename: string; content: Buffer; contentType: string } | null;
};

const SUBJECTS: Record<Language, readonly string[]> = {
  de: [
    'Defektes Produkt',
    'Gerät nach dem Update defekt',
    'Rechnung {n} fehlerhaft',
    'Beschwerde über die Lieferung',
    'Frage zur Rücksendung',
    'Lieferung unvollständig',
    'Installation der Software schlägt fehl',
    'Dringend: Produktionsausfall',
    'Änderung meiner Lieferadresse',
    'Angebot für Ersatzteile',
    'Gutschrift fehlt noch',
    'Wartungstermin vereinbaren',
  ],
  en: [
    'Broken product',
    'Device defective after the update',
    'Invoice {n} is wrong',
    'Complaint about the delivery',
    'Question about a return',
    'Delivery incomplete',
    'Installation of the software fails',
    'Urgent: production has stopped',
    'Change of my delivery address',
    'Quote for spare parts',
    'Credit note still missing',
    'Scheduling a maintenance visit',
  ],
};
const BODIES: Record<Language, readonly string[]> = {
  de: [
    'Guten Tag,\n\ndas Gerät startet seit gestern nicht mehr. Die Seriennummer ist {n}.\n\nMit freundlichen Grüßen',
    'Hallo,\n\nich bin mit der Abwicklung unzufrieden und bitte um Rückruf.\n\nViele Grüße',
    'Sehr geehrte Damen und Herren,\n\nbitte prüfen Sie die Rechnung {n}, der Betrag stimmt nicht.\n\nFreundliche Grüße',
    'Guten Morgen,\n\nwie kann ich die Ware zurückschicken? Bestellnummer {n}.\n\nDanke und Grüße',
  ],
  en: [
    'Hello,\n\nthe device no longer starts since yesterday. Serial number {n}.\n\nKind regards',
    'Hi,\n\nI am dissatisfied with how my order was handled; please call me back.\n\nBest regards',
    'Dear team,\n\nplease check invoice {n}, the amount is not right.\n\nRegards',
    'Good morning,\n\nhow do I send the goods back? Order number {n}.\n\nThanks',
  ],
};
const REPLY_BODIES: Record<Language, readonly string[]> = {
  de: [
    'Nachtrag: Foto anbei.',
    'Danke für die schnelle Antwort, das Problem besteht weiterhin.',
    'Hier noch die Bestellnummer {n}.',
  ],
  en: [
    'Follow-up: photo attached.',
    'Thanks for the quick answer, the problem persists.',
    'Here is the order number {n}.',
  ],
};
const FIRST = [
  'Jürgen',
  'Lena',
  'Özlem',
  'Sören',
  'Anna',
  'Max',
  'Grete',
  'Emily',
  'John',
  'Priya',
  'Tomás',
  'Zoë',
];
const LAST = ['Weiß', 'Müller', 'Vogel', 'Schröder', 'Kaya', 'Smith', 'Jones', 'Becker', 'Ngata', 'Große'];
const ascii = (value: string) =>
  value.replace(/ß/g, 'ss').normalize('NFKD').replace(/[^\w]/g, '').toLowerCase();

const fill = (template: string) => template.replace('{n}', String(10_000 + Math.floor(random() * 89_999)));

const attachmentFor = (language: Language): Mail['attachment'] => {
  const size = 2_048 + Math.floor(random() * 30_000);
  const content = Buffer.alloc(size);
  for (let i = 0; i < size; i++) content[i] = Math.floor(random() * 256);
  return random() < 0.5
    ? {
        filename: language === 'de' ? 'Rechnung Kopie.pdf' : 'invoice copy.pdf',
        content,
        contentType: 'application/pdf',
      }
    : { filename: 'foto.jpg', content, contentType: 'image/jpeg' };
};

/** Mails in sending order: ~70 % new tickets (every sender at least once), ~30 % replies. */
const mailList = (runId: string, count: number, senderCount: number): Mail[] => {
  const senders: Sender[] = Array.from({ length: senderCount }, (_, n) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return {
      name: `${first} ${last}`,
      email: `${ascii(first)}.${ascii(last)}.${runId}.${n}@kunde-${n % 60}.example`,
      language: random() < 0.6 ? 'de' : 'en',
    };
  });
  const mails: Mail[] = [];
  let newCount = 0;
  for (let index = 0; index < count; index++) {
    const answerable = index - MIN_REPLY_GAP;
    const isReply = answerable >= 0 && random() < REPLY_SHARE;
    const messageId = `<${runId}.${index}.${Math.floor(random() * 1e9).toString(36)}@mail.kunde.example>`;
    if (!isReply) {
      // The first `senderCount` new tickets come from each sender once; then senders write again.
      const sender = newCount < senderCount ? (senders[newCount] as Sender) : pick(senders);
      newCount += 1;
      mails.push({
        index,
        kind: 'new',
        sender,
        messageId,
        subject: fill(pick(SUBJECTS[sender.language])),
        text: fill(pick(BODIES[sender.language])),
        root: index,
        parent: index,
        threading: null,
        references: [],
        attachment: random() < ATTACHMENT_SHARE ? attachmentFor(sender.language) : null,
      });
      continue;
    }
    // Most replies answer the first mail of a thread; some answer an earlier reply of it.
    const parent = mails[Math.floor(random() * (answerable + 1))] as Mail;
    const roll = random();
    const threading: Threading = roll < 0.5 ? 'in-reply-to' : roll < 0.6 ? 'references' : 'ticket-number';
    const { language } = parent.sender;
    mails.push({
      index,
      kind: 'reply',
      sender: parent.sender,
      messageId,
      subject: `${language === 'de' ? 'AW' : 'Re'}: ${(mails[parent.root] as Mail).subject}`,
      text: fill(pick(REPLY_BODIES[language])),
      root: parent.root,
      parent: parent.index,
      threading,
      references: [...parent.references, parent.messageId],
      attachment: random() < ATTACHMENT_SHARE ? attachmentFor(language) : null,
    });
  }
  return mails;
};

const withTimeout = <T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error(`${what}: over ${timeoutMs} ms`)), timeoutMs).unref();
    }),
  ]);

const dataDir = mkdtempSync(join(tmpdir(), 'fo-bench-inbound-'));
const bench = await startBenchTable();
try {
  const { startInboundSmtp } = await import('#local/smtp/inbound-smtp.ts');
  const { freePort } = await import('#local/free-port.ts');
  const { createTransport } = await import('nodemailer');
  const { dynamo, dynamoRequests, resetDynamoRequests } = await import('#shared/platform/db/client.ts');
  const { ticketKey, ticketMailKey } = await import('#shared/tickets/ticket.entity.ts');
  const { call } = await import('./support/fixtures.ts');

  // The bench's own reads (ticket numbers for replies) on a client of their own: not counted below.
  const reader = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'eu-central-1',
      endpoint: bench.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const ticketNumberOf = async (messageId: string): Promise<string | undefined> => {
    const claim = await reader.send(
      new GetCommand({ TableName: bench.tableName, Key: ticketMailKey(messageId) }),
    );
    const ticketId = claim.Item?.ticketId;
    if (typeof ticketId !== 'string') return undefined;
    const ticket = await reader.send(
      new GetCommand({ TableName: bench.tableName, Key: ticketKey(ticketId) }),
    );
    return typeof ticket.Item?.number === 'string' ? ticket.Item.number : undefined;
  };

  // The size of each transaction the use case sends: one request may carry 4 or 30 writes.
  let transactions: { items: number; bytes: number }[] = [];
  let itemKinds = new Map<string, number>();
  type TransactItem = Record<string, { Item?: { entity?: string; pk?: string }; Key?: { pk?: string } }>;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      const items = (args.input as { TransactItems?: TransactItem[] }).TransactItems;
      if (items) {
        transactions.push({ items: items.length, bytes: JSON.stringify(items).length });
        for (const item of items) {
          const [action, body] = Object.entries(item)[0] ?? ['?', {}];
          const what = body.Item?.entity ?? String(body.Item?.pk ?? body.Key?.pk ?? '?').split('#')[0];
          const kind = `${action} ${what}`;
          itemKinds.set(kind, (itemKinds.get(kind) ?? 0) + 1);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchTransactionSize' },
  );

  const serverLog: string[] = [];
  const smtp = await startInboundSmtp({
    port: await freePort(),
    host: '127.0.0.1',
    dataDir,
    log: (line) => serverLog.push(line),
  });
  const workers = Array.from({ length: CONNECTIONS }, () => {
    const probe = dataReplyProbe();
    const transport = createTransport({
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      getSocket: probe.getSocket,
    });
    return { probe, transport };
  });

  try {
    type Outcome = { accepted: boolean; dataMs: number; totalMs: number; error?: string };
    const send = async (
      probe: DataReplyProbe,
      transport: (typeof workers)[number]['transport'],
      mail: Mail,
    ) => {
      probe.lastMs = Number.NaN;
      probe.lastReply = '';
      const started = performance.now();
      try {
        await transport.sendMail({
          from: `${mail.sender.name} <${mail.sender.email}>`,
          to: 'Service <service@frontoffice.local>',
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          ...(mail.threading === 'in-reply-to' ? { inReplyTo: mail.references.at(-1) } : {}),
          ...(mail.threading === 'in-reply-to' || mail.threading === 'references'
            ? { references: mail.references }
            : {}),
          ...(mail.attachment ? { attachments: [mail.attachment] } : {}),
        });
        const totalMs = performance.now() - started;
        if (!probe.lastReply.startsWith('250')) {
          return { accepted: false, dataMs: probe.lastMs, totalMs, error: `reply ${probe.lastReply}` };
        }
        return { accepted: true, dataMs: probe.lastMs, totalMs };
      } catch (error) {
        const message = (error as Error).message.replace(mail.messageId, '<id>').slice(0, 120);
        return {
          accepted: false,
          dataMs: probe.lastMs,
          totalMs: performance.now() - started,
          error: message,
        };
      }
    };

    /** Sends a list over all connections in order; a reply waits until the mail it answers is in. */
    const sendAll = async (mails: Mail[], deadline: number) => {
      const outcomes = new Map<number, Outcome>();
      const done = new Map<number, Promise<Outcome>>();
      const skipped: Mail[] = [];
      let next = 0;
      await Promise.all(
        workers.map(async ({ probe, transport }) => {
          while (next < mails.length && performance.now() < deadline) {
            const mail = mails[next++] as Mail;
            let settle: (outcome: Outcome) => void = () => {};
            done.set(mail.index, new Promise((resolve) => (settle = resolve)));
            let outcome: Outcome | undefined;
            if (mail.kind === 'reply') {
              const parent = await withTimeout(
                done.get(mail.parent) ?? Promise.resolve(undefined),
                PARENT_WAIT_MS,
                'waiting for the parent mail',
              ).catch(() => undefined);
              if (!parent?.accepted) {
                skipped.push(mail);
                outcome = {
                  accepted: false,
                  dataMs: Number.NaN,
                  totalMs: 0,
                  error: 'skipped: parent not accepted',
                };
              } else if (mail.threading === 'ticket-number') {
                const number = await ticketNumberOf(
                  (mails.find((m) => m.index === mail.root) as Mail).messageId,
                );
                const { language } = mail.sender;
                const rootSubject = (mails.find((m) => m.index === mail.root) as Mail).subject;
                mail.subject = `${language === 'de' ? 'AW' : 'Re'}: [${number ?? 'T-0000-000000'}] ${rootSubject}`;
              }
            }
            outcome ??= await send(probe, transport, mail);
            outcomes.set(mail.index, outcome);
            settle(outcome);
          }
        }),
      );
      return { outcomes, skipped, taken: next };
    };

    // Warm-up (modules, JIT, connections, settings cache) with senders of their own, not counted.
    const warmup = mailList(`warm${process.pid}`, WARMUP, WARMUP).filter((mail) => mail.kind === 'new');
    const warm = await sendAll(warmup, performance.now() + 30_000);
    const warmErrors = [...warm.outcomes.values()].filter((outcome) => !outcome.accepted).length;
    if (warmErrors > 0) console.log(`  ${warmErrors} warm-up mails failed`);

    // ---- the measured run ----
    const mails = mailList(`run${process.pid}`, MAILS, SENDERS);
    resetDynamoRequests();
    transactions = [];
    itemKinds = new Map();
    const cpuBefore = cpuSample();
    const started = performance.now();
    const { outcomes, skipped, taken } = await sendAll(mails, started + BUDGET_MS);
    const elapsedMs = performance.now() - started;
    const cpuAfter = cpuSample();
    const requests = dynamoRequests();

    const sentMails = mails.filter((mail) => outcomes.has(mail.index));
    const acceptedMails = sentMails.filter((mail) => outcomes.get(mail.index)?.accepted);
    const attempted = sentMails.filter((mail) => !skipped.includes(mail));
    const dataMs = acceptedMails.map((mail) => outcomes.get(mail.index)?.dataMs ?? Number.NaN);
    const totalMs = acceptedMails.map((mail) => outcomes.get(mail.index)?.totalMs ?? Number.NaN);
    const errors = new Map<string, number>();
    for (const mail of sentMails) {
      const outcome = outcomes.get(mail.index);
      if (outcome && !outcome.accepted)
        errors.set(outcome.error ?? '?', (errors.get(outcome.error ?? '?') ?? 0) + 1);
    }
    const errorCount = sentMails.length - acceptedMails.length;
    const newAccepted = acceptedMails.filter((mail) => mail.kind === 'new');
    const repliesAccepted = acceptedMails.filter((mail) => mail.kind === 'reply');
    const byKind = (kind: Mail['kind']) =>
      summarise(
        acceptedMails.filter((m) => m.kind === kind).map((m) => outcomes.get(m.index)?.dataMs ?? Number.NaN),
      );
    const withAttachment = acceptedMails.filter((mail) => mail.attachment !== null);

    // ---- afterwards: through the API (service role) and the Message-ID claims ----
    const senders = [...new Map(sentMails.map((mail) => [mail.sender.email, mail.sender])).values()];
    let contactsFound = 0;
    let contactsDuplicated = 0;
    const tickets = new Map<string, { messageCount: number; contactEmail: string }>();
    const readQueue = [...senders];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let sender = readQueue.shift(); sender; sender = readQueue.shift()) {
          const contacts = await call('GET', `/v1/contacts?email=${encodeURIComponent(sender.email)}`, 200, {
            role: 'service',
          });
          const items = contacts.json.items as { id: string }[];
          if (items.length > 0) contactsFound += 1;
          if (items.length > 1) contactsDuplicated += items.length - 1;
          for (const contact of items) {
            let cursor: string | null = null;
            do {
              const page = await call(
                'GET',
                `/v1/tickets?contactId=${contact.id}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
                200,
                { role: 'service' },
              );
              for (const ticket of page.json.items as { id: string; messageCount: number }[]) {
                tickets.set(ticket.id, { messageCount: ticket.messageCount, contactEmail: sender.email });
              }
              cursor = page.json.nextCursor;
            } while (cursor);
          }
        }
      }),
    );
    const ticketsCreated = tickets.size;
    const messagesThreaded = [...tickets.values()].reduce((sum, ticket) => sum + ticket.messageCount - 1, 0);

    // Which ticket each accepted mail went to (its Message-ID claim): replies must be in their root's.
    const ticketOfMail = new Map<number, string | undefined>();
    const claimQueue = [...acceptedMails];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let mail = claimQueue.shift(); mail; mail = claimQueue.shift()) {
          const claim = await reader.send(
            new GetCommand({ TableName: bench.tableName, Key: ticketMailKey(mail.messageId) }),
          );
          ticketOfMail.set(
            mail.index,
            typeof claim.Item?.ticketId === 'string' ? claim.Item.ticketId : undefined,
          );
        }
      }),
    );
    const unrecorded = acceptedMails.filter((mail) => !ticketOfMail.get(mail.index)).length;
    const rootTickets = new Set(newAccepted.map((mail) => ticketOfMail.get(mail.index)).filter(Boolean));
    const repliesInRoot = repliesAccepted.filter(
      (mail) => ticketOfMail.get(mail.index) && ticketOfMail.get(mail.index) === ticketOfMail.get(mail.root),
    ).length;
    const repliesElsewhere = repliesAccepted.length - repliesInRoot;
    const attachmentFiles = (() => {
      try {
        return readdirSync(join(dataDir, 'attachments'), { recursive: true, withFileTypes: true }).filter(
          (entry) => entry.isFile(),
        ).length;
      } catch {
        return 0;
      }
    })();

    // ---- report ----
    const data = summarise(dataMs);
    const total = summarise(totalMs);
    const rate = acceptedMails.length / (elapsedMs / 1000);
    const threadingCounts = (['in-reply-to', 'references', 'ticket-number'] as const).map(
      (way) => `${repliesAccepted.filter((mail) => mail.threading === way).length} ${way}`,
    );
    console.log(
      `\nInbound mail over SMTP: ${CONNECTIONS} connections, ${sentMails.length} of ${mails.length} mails ` +
        `in ${(elapsedMs / 1000).toFixed(1)} s (${mails.length - taken} not sent before the ${BUDGET_MS / 1000} s budget), ` +
        `after ${warm.outcomes.size} warm-up mails. Sent: ${sentMails.filter((m) => m.kind === 'new').length} new-ticket mails ` +
        `from ${senders.length} senders, ${sentMails.filter((m) => m.kind === 'reply').length} replies ` +
        `(accepted: ${threadingCounts.join(', ')}), ${withAttachment.length} accepted with an attachment, ` +
        `${sentMails.filter((m) => m.sender.language === 'de').length} German / ${sentMails.filter((m) => m.sender.language === 'en').length} English`,
    );
    console.log(
      table(
        ['timed', 'n', 'p50', 'p99', 'mean', 'max'],
        [
          ['DATA end → 250 (all)', String(data.n), ms(data.p50), ms(data.p99), ms(data.mean), ms(data.max)],
          ...(['new', 'reply'] as const).map((kind) => {
            const figures = byKind(kind);
            return [
              `  ${kind === 'new' ? 'new ticket' : 'reply threaded'}`,
              String(figures.n),
              ms(figures.p50),
              ms(figures.p99),
              ms(figures.mean),
              ms(figures.max),
            ];
          }),
          [
            'whole SMTP transaction',
            String(total.n),
            ms(total.p50),
            ms(total.p99),
            ms(total.mean),
            ms(total.max),
          ],
        ],
      ),
    );
    console.log(
      `\nmails/s ${rate.toFixed(1)}, errors ${errorCount} of ${sentMails.length} (${attempted.length} attempted)`,
    );
    for (const [outcome, count] of errors) console.log(`  ${count} × ${outcome}`);
    console.log(
      `CPU during the run: ${cpuShare(cpuBefore, cpuAfter, elapsedMs)} (Node: server and SMTP clients)`,
    );
    for (const line of serverLog.slice(0, 5)) console.log(`  server: ${line}`);
    console.log(
      `\nDynamoDB requests per accepted mail: ${Object.keys(requests)
        .sort()
        .map(
          (command) =>
            `${command.replace(/Command$/, '')} ${((requests[command] ?? 0) / Math.max(acceptedMails.length, 1)).toFixed(2)}`,
        )
        .join(', ')}`,
    );
    const items = summarise(transactions.map((t) => t.items));
    const bytes = summarise(transactions.map((t) => t.bytes));
    console.log(
      `Items per transaction: p50 ${items.p50}, mean ${items.mean.toFixed(1)}, min ${items.min}, max ${items.max}; ` +
        `request size (JSON) p50 ${(bytes.p50 / 1024).toFixed(1)} KB, max ${(bytes.max / 1024).toFixed(1)} KB`,
    );
    console.log(
      `  items by kind, per accepted mail: ${[...itemKinds]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, count]) => `${kind} ${(count / Math.max(acceptedMails.length, 1)).toFixed(2)}`)
        .join(', ')}`,
    );
    console.log(
      `\nAfterwards (GET /v1/contacts?email=, GET /v1/tickets?contactId=, paged): ${contactsFound} contacts for ` +
        `${senders.length} senders (${contactsDuplicated} duplicates); ${ticketsCreated} tickets for ${newAccepted.length} ` +
        `accepted new-ticket mails; ${messagesThreaded} messages beyond the first for ${repliesAccepted.length} accepted replies`,
    );
    console.log(
      `By Message-ID claim: ${rootTickets.size} distinct tickets from the new-ticket mails, ` +
        `${repliesInRoot} replies in their thread's ticket, ${repliesElsewhere} elsewhere, ${unrecorded} mails unrecorded; ` +
        `${attachmentFiles} attachment files for ${withAttachment.length} mails with one`,
    );

    const verdicts: Verdict[] = [
      {
        label: 'inbound mail: DATA end → 250, p50, p99',
        value: `${ms(data.p50)} ms, ${ms(data.p99)} ms (${CONNECTIONS} connections)`,
        target: 'reported',
        met: true,
      },
      {
        label: 'inbound mail: mails/s',
        value: `${rate.toFixed(1)}/s, ${sentMails.length} of ${mails.length} in ${(elapsedMs / 1000).toFixed(1)} s`,
        target: `all within ${BUDGET_MS / 1000} s`,
        met: sentMails.length === mails.length,
      },
      {
        label: 'inbound mail: errors (not 250)',
        value: `${errorCount} of ${sentMails.length}`,
        target: '0',
        met: errorCount === 0,
      },
      {
        label: 'inbound mail: tickets vs new-ticket mails',
        value: `${ticketsCreated} vs ${newAccepted.length}`,
        target: 'equal',
        met:
          ticketsCreated === newAccepted.length &&
          rootTickets.size === newAccepted.length &&
          contactsDuplicated === 0,
      },
      {
        label: 'inbound mail: threaded messages vs replies',
        value: `${messagesThreaded} vs ${repliesAccepted.length}`,
        target: 'equal',
        met: messagesThreaded === repliesAccepted.length && repliesInRoot === repliesAccepted.length,
      },
    ];
    console.log('');
    for (const verdict of verdicts) {
      console.log(`  ${verdict.met ? 'met ' : 'MISS'}  ${verdict.label} = ${verdict.value}`);
    }
    writeVerdicts('inbound-mail', verdicts);
  } finally {
    for (const { transport } of workers) transport.close();
    await withTimeout(smtp.close(), 5_000, 'closing the SMTP server').catch((error: Error) =>
      console.error(error.message),
    );
    reader.destroy();
  }
} finally {
  await bench.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
