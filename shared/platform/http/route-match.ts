import type { FeatureApi, HttpMethod, Operation } from './operation.ts';

export type RouteMatch = {
  api: FeatureApi;
  operationId: string;
  operation: Operation;
  pathParameters: Record<string, string>;
};

/** A malformed escape (`%E0%A4%A`) stays as it is; the schema then refuses the value. */
const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** `/v1/contacts/{id}` against `/v1/contacts/01J…` → `{ id: '01J…' }`, or undefined. */
export const matchPath = (template: string, path: string): Record<string, string> | undefined => {
  const expected = template.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (value === '') return undefined;
      params[segment.slice(1, -1)] = decode(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
};

/** A trailing slash does not make another resource. */
export const normalisePath = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/**
 * Finds the operation for a request the way API Gateway picks a route: literal segments win over
 * `{param}` segments. Returns the methods the path allows when only the method is wrong.
 */
export const matchRoute = (
  apis: readonly FeatureApi[],
  method: string,
  rawPath: string,
): { match: RouteMatch | undefined; allowed: HttpMethod[] } => {
  const path = normalisePath(rawPath);
  const candidates: RouteMatch[] = [];
  for (const api of apis) {
    for (const [operationId, operation] of Object.entries(api.operations)) {
      const pathParameters = matchPath(operation.path, path);
      if (pathParameters) candidates.push({ api, operationId, operation, pathParameters });
    }
  }
  const literalCount = (match: RouteMatch) =>
    match.operation.path.split('/').filter((s) => !s.startsWith('{')).length;
  const match = candidates
    .filter((candidate) => candidate.operation.method === method.toUpperCase())
    .sort((a, b) => literalCount(b) - literalCount(a))[0];
  return { match, allowed: [...new Set(candidates.map((candidate) => candidate.operation.method))] };
};
