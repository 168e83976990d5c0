#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { apiCatalog } from '#shared/api-catalog.ts';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { ROLES } from '#shared/platform/roles.ts';

const HEADER = `# Role matrix

Who may call what. Roles come from the \`cognito:groups\` claim of the JWT (Cognito user pool groups on
AWS, \`frontoffice token --role …\` locally). A missing or invalid token answers 401, a role without the
right 403. \`public\` operations need no token and are rate-limited per client (docs/rate-limiting.md).

Principles: everyone signed in reads customer records (one golden record for sales, marketing and
service); \`analyst\` reads everything and writes nothing but reports; only \`admin\` deletes or erases
contacts; deleting accounts and activities is for \`admin\` and \`sales_manager\`.

This file is generated from the operations themselves (\`node scripts/role-matrix.ts\`); a test fails
when it no longer matches the code.
`;

/** The role matrix as a Markdown table, straight from the operations' `access`. */
export const roleMatrixMarkdown = (apis: readonly FeatureApi[]): string => {
  const rows = apis.flatMap((api) =>
    Object.entries(api.operations).map(([id, operation]) => {
      const cells = ROLES.map((role) =>
        'public' in operation.access || operation.access.roles.includes(role) ? '✓' : '–',
      );
      const who = 'public' in operation.access ? 'public' : '';
      return `| \`${operation.method} ${operation.path}\` | ${id} | ${cells.join(' | ')} | ${who} |`;
    }),
  );
  return [
    HEADER,
    `| route | operation | ${ROLES.join(' | ')} | note |`,
    `| --- | --- | ${ROLES.map(() => '---').join(' | ')} | --- |`,
    ...rows,
    '',
  ].join('\n');
};

if (import.meta.main) {
  writeFileSync(new URL('../docs/roles.md', import.meta.url), roleMatrixMarkdown(apiCatalog));
}
