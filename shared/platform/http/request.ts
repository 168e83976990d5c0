import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { AppError, type FieldError, validationFailed } from '../errors.ts';
import type { Operation } from './operation.ts';

/** Lower-cased header look-up (API Gateway v2 already lower-cases; the local server does too). */
export const header = (event: APIGatewayProxyEventV2, name: string): string | undefined =>
  event.headers?.[name];

const fieldErrors = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [base, key].filter(Boolean).join('.'),
        message: 'Unknown field.',
      }));
    }
    return [{ path: base || '(root)', message: issue.message }];
  });

export const parseWith = <S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldErrors(result.error, prefix));
  return result.data;
};

const isJson = (contentType: string | undefined): boolean => {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
};

const isForm = (contentType: string | undefined): boolean =>
  contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/** Size, media type and syntax checks before the schema sees the body. */
export const readJsonBody = (
  event: APIGatewayProxyEventV2,
  operation: Operation,
  maxBytes: number,
): unknown => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new AppError(
      'payload-too-large',
      `The body is ${bytes.byteLength} bytes; at most ${maxBytes} are accepted.`,
    );
  }
  if (!operation.body) return undefined;
  // No body is an empty object: the schema then names what is missing (or accepts it, e.g. an action).
  if (bytes.byteLength === 0) return {};
  const contentType = header(event, 'content-type');
  if (operation.bodyFormat === 'json-or-form' && isForm(contentType)) {
    // Repeated names keep the last value; the schema (strict) decides what is allowed.
    return Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
  }
  if (!isJson(contentType)) {
    throw new AppError(
      'unsupported-media-type',
      operation.bodyFormat === 'json-or-form'
        ? 'Send the body as application/json or application/x-www-form-urlencoded.'
        : 'Send the body as application/json.',
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('bad-request', 'The body is not valid JSON.');
  }
};

/** `"3"`, `W/"3"` or `3` → 3; `*` → undefined (any version). */
export const parseIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!match?.[1]) throw new AppError('bad-request', 'If-Match must be an ETag such as "3".');
  return Number(match[1]);
};
