import type { FeatureApi, HttpMethod, Operation } from '#shared/platform/http/operation.ts';
import { routeKey } from '#shared/platform/http/operation.ts';

/** The function that answers requests matching no route (404/405 as problem+json). */
export const FALLBACK_FUNCTION = 'system';
export const DEFAULT_ROUTE_KEY = '$default';

/** A request resolved to a Lambda function, as API Gateway's route selection would. */
export type RouteMatch = {
  functionName: string;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  /** Undefined for `$default`, which has no authorizer. */
  operation: Operation | undefined;
};

type CompiledRoute = {
  functionName: string;
  method: HttpMethod;
  segments: string[];
  operation: Operation;
  /** Literal segments first: `/v1/contacts/search` beats `/v1/contacts/{id}`. */
  literals: number;
};

const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

const splitPath = (path: string): string[] => path.split('/').filter((segment) => segment !== '');

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Builds the route table from the API catalog (the same data CDK turns into HTTP API routes). */
export const compileRoutes = (catalog: readonly FeatureApi[]) => {
  const routes: CompiledRoute[] = catalog
    .flatMap((api) =>
      Object.values(api.operations).map((operation) => {
        const segments = splitPath(operation.path);
        return {
          functionName: api.functionName,
          method: operation.method,
          segments,
          operation,
          literals: segments.filter((segment) => !isParam(segment)).length,
        };
      }),
    )
    .sort((a, b) => b.literals - a.literals);

  /** The route of a request, or `$default` on the fallback function. */
  return (method: string, rawPath: string): RouteMatch => {
    const parts = splitPath(rawPath);
    for (const route of routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((segment, index) => {
        const part = parts[index] ?? '';
        if (!isParam(segment)) return segment === part;
        if (part === '') return false;
        params[segment.slice(1, -1)] = decode(part);
        return true;
      });
      if (matches) {
        return {
          functionName: route.functionName,
          routeKey: routeKey(route.operation),
          pathParameters: Object.keys(params).length > 0 ? params : undefined,
          operation: route.operation,
        };
      }
    }
    return {
      functionName: FALLBACK_FUNCTION,
      routeKey: DEFAULT_ROUTE_KEY,
      pathParameters: undefined,
      operation: undefined,
    };
  };
};

export type RouteMatcher = ReturnType<typeof compileRoutes>;
