import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiCatalog } from '#shared/api-catalog.ts';
import { roleMatrixMarkdown } from '../../scripts/role-matrix.ts';

describe('docs/roles.md', () => {
  it('matches the access rules of the operations (regenerate with node scripts/role-matrix.ts)', () => {
    const written = readFileSync(new URL('../../docs/roles.md', import.meta.url), 'utf8');
    expect(written).toBe(roleMatrixMarkdown(apiCatalog));
  });

  it('lets only admin delete contacts and keeps analysts to reading', () => {
    const operations = apiCatalog.flatMap((api) => Object.values(api.operations));
    const deleteContact = operations.find((op) => op.method === 'DELETE' && op.path === '/v1/contacts/{id}');
    expect(deleteContact?.access).toEqual({ roles: ['admin'] });
    for (const operation of operations) {
      if ('roles' in operation.access && operation.method !== 'GET') {
        expect(operation.access.roles, `${operation.method} ${operation.path}`).not.toContain('analyst');
      }
    }
  });
});
