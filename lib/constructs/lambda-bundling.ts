/**
 * How every Lambda is bundled, in esbuild's terms; `AppFunction` passes these to NodejsFunction and
 * `bench/bundles.ts` measures bundles built with exactly these settings.
 *
 * CommonJS, not ESM: importing Node's built-ins (`node:http` above all, which the AWS SDK needs)
 * from an ES module makes Node build ESM wrappers that load undici and friends, about 10 ms more
 * per cold start (measured in bench/bundles.ts). Nothing bundled uses top-level await.
 */
export const LAMBDA_BUNDLING = {
  format: 'cjs',
  platform: 'node',
  target: 'node24',
  minify: true,
  // ESM sources of dependencies tree-shake better; esbuild converts them.
  mainFields: ['module', 'main'],
} as const;
