import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readLocalConfig, UserFacingError } from '../config.ts';
import { injectableTypes } from '../ses-events/ses-event-builder.ts';
import { ENDPOINT_FILE } from '../ses-events/ses-events-emulator.ts';

/** The running instance's SES events endpoint (`<dataDir>/ses-events.json`, written at start). */
const endpointOf = (dataDir: string, dataDirLabel: string): string => {
  try {
    const written = JSON.parse(readFileSync(join(dataDir, ENDPOINT_FILE), 'utf8')) as { url?: unknown };
    if (typeof written.url === 'string') return written.url;
  } catch {
    // Not running (or not from this data directory): the message below says what to do.
  }
  throw new UserFacingError(
    `No running Front Office in ${dataDirLabel}: start it with \`npx frontoffice start\` (same FRONTOFFICE_DATA_DIR).`,
  );
};

/**
 * `frontoffice ses-event <messageId> <delivery|open|click|bounce|complaint> [--transient] [--link <url>]`:
 * makes the local SES emulation report an event for a mail it sent (the inbox UI shows message ids).
 */
export const sesEventCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: { transient: { type: 'boolean', default: false }, link: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [messageId, type, ...extra] = positionals;
  if (!messageId || !type || extra.length > 0 || !(injectableTypes as readonly string[]).includes(type)) {
    throw new UserFacingError(
      `Name a mail and an event: \`npx frontoffice ses-event <messageId> ${injectableTypes.join('|')}\`.`,
    );
  }
  const config = readLocalConfig();
  const url = endpointOf(config.dataDir, config.dataDirLabel);
  let response: Response;
  try {
    response = await fetch(`${url}/_local/ses/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messageId,
        type,
        ...(type === 'bounce' ? { bounceType: values.transient ? 'Transient' : 'Permanent' } : {}),
        ...(values.link ? { link: values.link } : {}),
      }),
    });
  } catch {
    throw new UserFacingError(
      `The local SES events endpoint at ${url} does not answer: is Front Office still running?`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as { detailType?: string; message?: string };
  if (response.status !== 202) {
    throw new UserFacingError(
      `The local SES emulation refused the event: ${body.message ?? response.status}.`,
    );
  }
  process.stdout.write(`Queued "${body.detailType}" for ${messageId}.\n`);
  return 0;
};
