import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateSecret, signDevToken } from '../auth/dev-jwt.ts';
import { apiUrl, type LocalConfig, readLocalConfig, UserFacingError } from '../config.ts';
import { type LeadImportSummary, planLeadImport, runLeadImport } from '../import/lead-import.ts';
import { createLeadSender } from '../import/leads-client.ts';
import { createProgress } from '../import/progress.ts';

/** The subject of import tokens: Idempotency-Keys are scoped per caller, so it never changes. */
const IMPORT_SUBJECT = 'dev-import';
const USAGE_HINT = '`npx frontoffice import leads <file.csv> [--concurrency 8] [--dry-run]`';

/** The API of the instance started from this data directory (`runtime.json`), else the one PORT names. */
export const runningApiUrl = (config: LocalConfig): string => {
  try {
    const runtime = JSON.parse(readFileSync(join(config.dataDir, 'runtime.json'), 'utf8')) as {
      api?: unknown;
    };
    if (typeof runtime.api === 'string') return runtime.api;
  } catch {
    // Not started from this data directory (or not at all): try the configured port.
  }
  return apiUrl(config);
};

/** Fails fast when nothing listens; waits (up to `timeoutMs`) for an instance that is still starting. */
export const ensureRunning = async (baseUrl: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let status: number;
    try {
      const response = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(5000) });
      status = response.status;
      await response.body?.cancel();
    } catch {
      throw new UserFacingError(
        `No Front Office answers at ${baseUrl}: start it with \`npx frontoffice start\` (same PORT and FRONTOFFICE_DATA_DIR), then import again.`,
      );
    }
    if (status === 200) return;
    if (Date.now() > deadline) {
      throw new UserFacingError(
        `Front Office at ${baseUrl} did not become healthy: check the output of \`npx frontoffice start\`.`,
      );
    }
    await new Promise((done) => setTimeout(done, 250));
  }
};

const parseConcurrency = (raw: string | undefined): number => {
  if (raw === undefined) return 8;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new UserFacingError(`--concurrency ${raw} is not a number from 1 to 64.`);
  }
  return value;
};

const summaryLines = (file: string, summary: LeadImportSummary, dryRun: boolean): string[] => {
  const lines = dryRun
    ? [
        `Checked ${summary.total} row(s) of ${file}: ${summary.total - summary.rejected} valid, ${summary.rejected} rejected (nothing was sent).`,
      ]
    : [
        `Imported ${file}: ${summary.total} row(s): ${summary.created} created, ${summary.updated} updated, ` +
          `${summary.unchanged} already imported, ${summary.rejected} rejected.`,
      ];
  if (summary.reportPath) lines.push(`Rejected rows with their reasons: ${summary.reportPath}`);
  return lines;
};

/** `frontoffice import leads <file.csv> [--concurrency <n>] [--dry-run]`: 0 all imported, 2 some rejected. */
export const importCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: { concurrency: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [resource, file, ...extra] = positionals;
  if (resource !== 'leads') {
    throw new UserFacingError(
      `${resource ? `Only leads can be imported so far, not "${resource}"` : 'Name what to import'}: ${USAGE_HINT}.`,
    );
  }
  if (!file || extra.length > 0) throw new UserFacingError(`Name one CSV file: ${USAGE_HINT}.`);
  const concurrency = parseConcurrency(values.concurrency);
  const dryRun = values['dry-run'] === true;
  const out = (line: string) => process.stdout.write(`${line}\n`);

  // The file first: a typo in its name needs no running instance to be told.
  const plan = await planLeadImport(resolve(file));
  if (plan.mapping.unknown.length > 0) {
    out(`Ignoring column(s) ${plan.mapping.unknown.map((name) => `"${name}"`).join(', ')}: not lead fields.`);
  }
  if (plan.mapping.duplicates.length > 0) {
    out(
      `Ignoring column(s) ${plan.mapping.duplicates.map((name) => `"${name}"`).join(', ')}: an earlier column fills the same field.`,
    );
  }

  let send: ReturnType<typeof createLeadSender> | undefined;
  if (!dryRun) {
    const config = readLocalConfig();
    const baseUrl = runningApiUrl(config);
    await ensureRunning(baseUrl);
    const token = await signDevToken(loadOrCreateSecret(config.dataDir), {
      role: 'admin',
      sub: IMPORT_SUBJECT,
    });
    send = createLeadSender({ baseUrl, token });
    out(`Importing ${plan.total} lead row(s) from ${file} into ${baseUrl}`);
  }
  const summary = await runLeadImport(plan, {
    concurrency,
    progress: createProgress({ total: plan.total }),
    ...(send ? { send } : {}),
  });
  for (const line of summaryLines(file, summary, dryRun)) out(line);
  return summary.rejected > 0 ? 2 : 0;
};
