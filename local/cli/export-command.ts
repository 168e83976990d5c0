import type { WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createExportProgress } from '#shared/exports/export-progress.ts';
import {
  ExportInputError,
  exportRequest,
  exportResources,
  findExportResource,
} from '#shared/exports/export-resources.ts';
import { ExportApiError, httpPageFetcher, runExport } from '#shared/exports/export-runner.ts';
import { createSink, EXPORT_FORMATS, type ExportFormat } from '#shared/exports/export-sinks.ts';
import { isRole, ROLES } from '#shared/platform/roles.ts';
import { loadOrCreateSecret, signDevToken } from '../auth/dev-jwt.ts';
import { readLocalConfig, UserFacingError } from '../config.ts';
import { runningApiUrl } from './import-command.ts';

const USAGE_HINT =
  '`npx frontoffice export <resource> [--format csv|xlsx] [--out <file>] [--filter key=value]...`';
/** The subject of export tokens on the local stack (audit entries name it). */
const EXPORT_SUBJECT = 'dev-export';

const parseFilters = (raw: string[]): Record<string, string> => {
  const filters: Record<string, string> = {};
  for (const entry of raw) {
    const at = entry.indexOf('=');
    if (at < 1)
      throw new UserFacingError(`--filter ${entry} is not key=value, e.g. --filter lifecycleStage=customer.`);
    filters[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return filters;
};

/** `--format`, else the extension of `--out` (`contacts.xlsx`), else CSV. */
const formatOf = (format: string | undefined, out: string | undefined): ExportFormat => {
  if (format === undefined) return out && extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UserFacingError(`--format ${format} is not one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  return format as ExportFormat;
};

const stamp = (date: Date): string =>
  date.toISOString().slice(0, 19).replaceAll(/[-:]/g, '').replace('T', '-');

const ensureAnswering = async (baseUrl: string): Promise<void> => {
  try {
    const response = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
  } catch {
    throw new UserFacingError(
      `No Front Office answers at ${baseUrl}: start it with \`npx frontoffice start\` (same PORT and FRONTOFFICE_DATA_DIR), then export again.`,
    );
  }
};

/** Local: the running instance and a dev token of `role`; AWS: `--api` and `--token` (or FRONTOFFICE_TOKEN). */
const target = async (values: {
  api?: string | undefined;
  token?: string | undefined;
  role?: string | undefined;
}): Promise<{ baseUrl: string; token: string }> => {
  if (values.api) {
    const token = values.token ?? process.env.FRONTOFFICE_TOKEN;
    if (!token) {
      throw new UserFacingError(
        '--api needs a token: --token <jwt> or FRONTOFFICE_TOKEN (a Cognito access token).',
      );
    }
    return { baseUrl: values.api, token };
  }
  const role = values.role ?? 'admin';
  if (!isRole(role)) throw new UserFacingError(`--role ${role} is not one of ${ROLES.join(', ')}.`);
  const config = readLocalConfig();
  const baseUrl = runningApiUrl(config);
  await ensureAnswering(baseUrl);
  const token =
    values.token ?? (await signDevToken(loadOrCreateSecret(config.dataDir), { role, sub: EXPORT_SUBJECT }));
  return { baseUrl, token };
};

/**
 * `frontoffice export <resource> [--format csv|xlsx] [--out file] [--filter k=v]... [--delimiter ';']`:
 * pages the list endpoint and streams the rows into the file (written as `<file>.part`, renamed
 * when complete, so a failed export never leaves a file that looks whole).
 */
export const exportCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      filter: { type: 'string', multiple: true, default: [] },
      delimiter: { type: 'string' },
      'no-bom': { type: 'boolean', default: false },
      role: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const [name, ...extra] = positionals;
  const resources = exportResources();
  if (!name || extra.length > 0) {
    throw new UserFacingError(
      `Name one thing to export: ${USAGE_HINT}; exportable are ${[...resources.keys()].sort().join(', ')}.`,
    );
  }
  const format = formatOf(values.format, values.out);
  const delimiter = values.delimiter ?? ',';
  if (delimiter !== ',' && delimiter !== ';') {
    throw new UserFacingError(`--delimiter ${delimiter} is not "," or ";" (";" for German Excel).`);
  }
  if (format === 'xlsx' && (values.delimiter !== undefined || values['no-bom'])) {
    throw new UserFacingError('--delimiter and --no-bom apply to CSV only.');
  }
  let request: ReturnType<typeof exportRequest>;
  let resource: ReturnType<typeof findExportResource>;
  try {
    resource = findExportResource(name, resources);
    request = exportRequest(resource, parseFilters(values.filter ?? []));
  } catch (error) {
    if (error instanceof ExportInputError) throw new UserFacingError(error.message);
    throw error;
  }
  const { baseUrl, token } = await target(values);
  const out = resolve(values.out ?? `${resource.name}-${stamp(new Date())}.${format}`);
  const part = `${out}.part`;
  let stream: WriteStream;
  try {
    stream = (await open(part, 'w')).createWriteStream();
  } catch (error) {
    throw new UserFacingError(
      `Cannot write ${part} (${(error as NodeJS.ErrnoException).code ?? String(error)}): choose another --out.`,
    );
  }
  const sink = createSink(stream, resource.columns, {
    format,
    sheetName: resource.name,
    delimiter,
    bom: !values['no-bom'],
  });
  const progress = createExportProgress();
  process.stdout.write(`Exporting ${resource.name} from ${baseUrl} to ${out}\n`);
  try {
    const summary = await runExport({
      fetchPage: httpPageFetcher({ baseUrl, token, request }),
      columns: resource.columns,
      sink,
      progress: progress.update,
    });
    progress.finish();
    await rename(part, out);
    process.stdout.write(
      `Exported ${summary.rows} row(s) of ${resource.name} (${resource.columns.length} columns) to ${out}\n`,
    );
    if (summary.truncatedCells > 0) {
      process.stdout.write(
        `${summary.truncatedCells} cell(s) were longer than Excel's 32,767 characters and end in "…": export as CSV to keep them whole.\n`,
      );
    }
    return 0;
  } catch (error) {
    progress.finish();
    stream.destroy();
    await rm(part, { force: true });
    if (error instanceof ExportApiError || (error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new UserFacingError(`Export failed, no file written: ${(error as Error).message}`);
    }
    throw error;
  }
};
