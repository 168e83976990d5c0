/**
 * Lambda bundles: size and module import time. Every `functions/<name>/<name>.handler.ts` is bundled
 * the way `lib/constructs/app-function.ts` has CDK bundle it (esbuild, ESM, node24, minified, AWS
 * SDK inside), then imported in fresh Node 24 processes. Import time is what a cold start pays
 * before the first request, on top of the runtime's own start; an empty handler bundled and
 * imported the same way is the baseline, so the difference is what our code and dependencies cost.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLING } from '../lib/constructs/lambda-bundling.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { median, ms, table } from './support/stats.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, '.bench', 'bundles');
const RUNS = 7;
/** A handler may add at most this much import time over an empty one. */
const TARGET_MS = 60;
const EMPTY = '(empty handler)';

/** `AppFunction`'s bundling, in esbuild's words. */
const LAMBDA_BUILD: BuildOptions = {
  ...LAMBDA_BUNDLING,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  bundle: true,
  sourcemap: false,
  external: [],
  tsconfig: join(ROOT, 'tsconfig.json'),
  metafile: true,
  logLevel: 'error',
};

type Bundle = { name: string; file: string; metafile: Metafile | undefined };

const bundle = async (name: string, input: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<Bundle> => {
  const file = join(OUT_DIR, name.replace(/\W+/g, '-'), 'index.cjs');
  const result = await build({ ...LAMBDA_BUILD, ...input, outfile: file, absWorkingDir: ROOT });
  return { name, file, metafile: result.metafile };
};

/**
 * One import of the bundle in a fresh process, timed inside it: parse, link and evaluate. Wall time
 * is the figure; CPU time (user + system of that process) is printed beside it because on a shared
 * 2-core machine wall time also counts waiting for a core.
 */
const importTimes = (file: string): { wall: number; cpu: number } => {
  const script = [
    'const cpu = process.cpuUsage(); const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const wall = performance.now() - started; const used = process.cpuUsage(cpu);',
    'process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));',
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
    // What the function sees on AWS, minus credentials: module-level code may read these.
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-central-1',
      TABLE_NAME: 'frontoffice-bench',
      EVENT_BUS_NAME: 'frontoffice-bench',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_SERVICE_NAME: 'frontoffice-bench',
    },
  });
  return JSON.parse(output) as { wall: number; cpu: number };
};

/** Bytes in the bundle per package (or project folder): what to cut first. */
const topInputs = (metafile: Metafile, count: number): [string, number][] => {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path);
      const owner = inPackage?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(owner, (bytes.get(owner) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, count);
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)}`;

rmSync(OUT_DIR, { recursive: true, force: true });
const entries = readdirSync(join(ROOT, 'functions'))
  .filter((name) => statSync(join(ROOT, 'functions', name, `${name}.handler.ts`), { throwIfNoEntry: false }))
  .sort();
const bundles: Bundle[] = [
  await bundle(EMPTY, {
    stdin: {
      contents: 'export const handler = async () => ({ statusCode: 200 });',
      loader: 'ts',
      resolveDir: ROOT,
    },
  }),
];
for (const name of entries)
  bundles.push(await bundle(name, { entryPoints: [`functions/${name}/${name}.handler.ts`] }));

// One untimed round fills the file cache; then rounds alternate between bundles so drift hits all alike.
const wall = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
const cpu = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
for (let round = 0; round <= RUNS; round++) {
  for (const { name, file } of bundles) {
    const times = importTimes(file);
    if (round === 0) continue;
    wall.get(name)?.push(times.wall);
    cpu.get(name)?.push(times.cpu);
  }
}

const baseline = median(wall.get(EMPTY) ?? []);
const cpuBaseline = median(cpu.get(EMPTY) ?? []);
const rows: string[][] = [];
const verdicts: Verdict[] = [];
for (const { name, file } of bundles) {
  const size = statSync(file).size;
  const importTime = median(wall.get(name) ?? []);
  const over = importTime - baseline;
  const cpuTime = median(cpu.get(name) ?? []);
  const met = name === EMPTY || over <= TARGET_MS;
  rows.push([
    name,
    kb(size),
    kb(gzipSync(readFileSync(file)).length),
    ms(importTime),
    name === EMPTY ? '' : `+${ms(over)}`,
    ms(cpuTime),
    name === EMPTY ? '' : `+${ms(cpuTime - cpuBaseline)}`,
    name === EMPTY ? 'baseline' : met ? 'met' : 'MISS',
  ]);
  if (name !== EMPTY) {
    verdicts.push({
      label: `${name}: import time over empty handler`,
      value: `+${ms(over)} ms wall, +${ms(cpuTime - cpuBaseline)} ms CPU (${kb(size)} KB)`,
      target: `≤ ${TARGET_MS} ms`,
      met,
    });
  }
}

console.log(
  `\nLambda bundles: esbuild as CDK bundles them; import time = median of ${RUNS} fresh Node ${process.version} processes`,
);
console.log(
  table(
    [
      'function',
      'bundle KB',
      'gzip KB',
      'import ms',
      'over empty',
      'CPU ms',
      'CPU over empty',
      `≤ ${TARGET_MS} ms`,
    ],
    rows,
  ),
);

console.log('\nLargest inputs per bundle (minified bytes in the output, by package or project folder):');
for (const { name, metafile } of bundles) {
  if (name === EMPTY || !metafile) continue;
  const top = topInputs(metafile, 5)
    .map(([owner, bytes]) => `${owner} ${kb(bytes)} KB`)
    .join(', ');
  console.log(`  ${name}: ${top}`);
}
writeVerdicts('bundles', verdicts);
