#!/usr/bin/env node
import { importCommand } from './cli/import-command.ts';
import { redriveCommand } from './cli/redrive-command.ts';
import { seedCommand } from './cli/seed-command.ts';
import { startCommand } from './cli/start-command.ts';
import { tokenCommand } from './cli/token-command.ts';
import { USAGE } from './cli/usage.ts';
import { UserFacingError } from './config.ts';

/** The `frontoffice` CLI (package.json `bin`): each command lives in `local/cli/`. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  token: tokenCommand,
  seed: seedCommand,
  redrive: redriveCommand,
  // Loaded on use: it reaches platform modules that read the environment at import, which must
  // not happen before `start` has set it.
  'ses-event': async (args) => (await import('./cli/ses-event-command.ts')).sesEventCommand(args),
  import: importCommand,
  // Loaded on use: DuckDB is a native module only the lake commands need.
  query: async (args) => (await import('./cli/query-command.ts')).queryCommand(args),
  snapshot: async (args) => (await import('./cli/snapshot-command.ts')).snapshotCommand(args),
  kpi: async (args) => (await import('./cli/kpi-command.ts')).kpiCommand(args),
  export: async (args) => (await import('./cli/export-command.ts')).exportCommand(args),
  help: async () => {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  },
};

const main = async (argv: string[]): Promise<number> => {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') return COMMANDS.help?.([]) ?? 0;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `Unknown command "${name}".\n\n` : ''}${USAGE}\n`);
    return 1;
  }
  return command(args);
};

/** A problem the user can fix is one line; anything else too (FRONTOFFICE_DEBUG=1 shows the stack). */
const report = (error: unknown): void => {
  if (process.env.FRONTOFFICE_DEBUG === '1') console.error(error);
  else if (error instanceof UserFacingError) process.stderr.write(`${error.message}\n`);
  else if ((error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(error as Error).message}: see \`npx frontoffice help\`.\n`);
  } else process.stderr.write(`frontoffice: ${String((error as Error)?.message ?? error).split('\n')[0]}\n`);
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(error);
    process.exit(1);
  },
);
