/**
 * `npm run bench [-- <name>...]`: runs each measurement in its own Node process, in order, with a
 * time limit, then prints every figure that has a target. A fresh process per measurement keeps
 * module caches, JIT state and DynamoDB Local instances from leaking from one figure into the next.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { clearVerdicts, readVerdicts } from './support/results.ts';
import { table } from './support/stats.ts';

const MEASUREMENTS = [
  { name: 'api-latency', timeoutMs: 240_000 },
  { name: 'requests-per-operation', timeoutMs: 120_000 },
  { name: 'bundles', timeoutMs: 180_000 },
  { name: 'lead-capture', timeoutMs: 120_000 },
  { name: 'erp-sync', timeoutMs: 120_000 },
  { name: 'kb-search', timeoutMs: 120_000 },
  { name: 'inbound-mail', timeoutMs: 240_000 },
  // 100,000 profiles seeded and three segments backfilled: ~70 s idle, ~200 s on a busy machine.
  { name: 'segment-count', timeoutMs: 420_000 },
  // 10,000 recipients seeded, materialised and sent through the local SES: ~110 s on 2 busy cores.
  { name: 'campaign-send', timeoutMs: 240_000 },
  // 1,000,000 events generated, written as JSON lines and Parquet, 18 KPIs on both: ~2 min.
  { name: 'kpi-queries', timeoutMs: 300_000 },
  // 100,000 rows through the writers, 25,000 contacts seeded and exported through the API: ~70 s.
  { name: 'export', timeoutMs: 240_000 },
];

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

let current: ChildProcess | undefined;
// Each measurement leads its own process group (it starts Java): stop the whole group.
const stopCurrent = (signal: NodeJS.Signals) => {
  if (current?.pid && current.exitCode === null) {
    try {
      process.kill(-current.pid, signal);
    } catch {
      // Already gone.
    }
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopCurrent('SIGTERM');
    process.exit(130);
  });
}

const runOne = (name: string, timeoutMs: number): Promise<string> =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(import.meta.dirname, `${name}.ts`)], {
      stdio: 'inherit',
      detached: true,
    });
    current = child;
    const timer = setTimeout(() => {
      console.error(`\n${name}: over ${timeoutMs / 1000} s, stopping it`);
      stopCurrent('SIGTERM');
      setTimeout(() => stopCurrent('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve(code === 0 ? `ok in ${seconds} s` : `FAILED (${signal ?? `exit ${code}`}) after ${seconds} s`);
    });
  });

const wanted = process.argv.slice(2);
const selected = MEASUREMENTS.filter((m) => wanted.length === 0 || wanted.includes(m.name));
if (selected.length === 0) {
  console.error(`Unknown measurement; choose from ${MEASUREMENTS.map((m) => m.name).join(', ')}.`);
  process.exit(2);
}

console.log(`Front Office bench: Node ${process.version}, ${cpus().length} cores, load average ${load()}`);
const outcomes: string[][] = [];
for (const { name, timeoutMs } of selected) {
  console.log(`\n=== ${name} ===`);
  clearVerdicts(name);
  outcomes.push([name, await runOne(name, timeoutMs)]);
}

console.log('\n=== summary ===');
console.log(table(['measurement', 'run'], outcomes));
const rows = selected.flatMap(({ name }) =>
  (readVerdicts(name) ?? []).map((v) => [v.met ? 'met' : 'MISS', v.label, v.value, v.target]),
);
console.log(`\n${table(['', 'figure', 'value', 'target'], rows)}`);
console.log(
  `\nLoad average at the end: ${load()} (figures on a busy machine read high; see docs/benchmarks.md)`,
);
process.exitCode = outcomes.some(([, outcome]) => outcome?.startsWith('FAILED')) ? 1 : 0;
