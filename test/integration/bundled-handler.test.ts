import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#local/lambda-context.ts';
import { LAMBDA_BUNDLING } from '../../lib/constructs/lambda-bundling.ts';
import { answerOf, apiEvent } from '../support/invoke.ts';

type BundledHandler = (
  event: APIGatewayProxyEventV2,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;

// What Lambda runs is the esbuild bundle, not the TypeScript sources: this loads the contacts
// bundle exactly as AppFunction builds it and sends it requests against DynamoDB Local.
describe('the deployed contacts bundle', () => {
  it('loads as Lambda loads it and answers create and 360 requests', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'frontoffice-bundle-')), 'index.js');
    await build({
      ...LAMBDA_BUNDLING,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      bundle: true,
      entryPoints: ['functions/contacts/contacts.handler.ts'],
      outfile,
      logLevel: 'error',
    });
    const { handler } = createRequire(import.meta.url)(outfile) as { handler: BundledHandler };

    const call = async (method: string, url: string, body?: unknown) => {
      const { event } = apiEvent(method, url, { body, role: 'sales' });
      return answerOf(await handler(event, lambdaContext('contacts')));
    };
    const created = await call('POST', '/v1/contacts', {
      firstName: 'Sophie',
      lastName: 'Schäfer',
      email: `sophie.${Date.now()}@beispiel.de`,
    });
    expect(created.status).toBe(201);
    const view = await call('GET', `/v1/contacts/${created.json.id}/360`);
    expect(view.status).toBe(200);
    expect(view.json.contact.lastName).toBe('Schäfer');
    const invalid = await call('POST', '/v1/contacts', { firstName: 'Sophie', nickname: 'Sophie' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toBe('application/problem+json');
  });
});
