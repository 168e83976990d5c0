import type { FeatureApi, Operation } from '#shared/platform/http/operation.ts';
import { routeKey } from '#shared/platform/http/operation.ts';
import { matchRoute } from '#shared/platform/http/route-match.ts';

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

/** Route selection over the API catalog (the same data CDK turns into HTTP API routes). */
export const compileRoutes =
  (catalog: readonly FeatureApi[]) =>
  (method: string, rawPath: string): RouteMatch => {
    const { match } = matchRoute(catalog, method, rawPath);
    if (!match) {
      return {
        functionName: FALLBACK_FUNCTION,
        routeKey: DEFAULT_ROUTE_KEY,
        pathParameters: undefined,
        operation: undefined,
      };
    }
    return {
      functionName: match.api.functionName,
      routeKey: routeKey(match.operation),
      pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : undefined,
      operation: match.operation,
    };
  };

export type RouteMatcher = ReturnType<typeof compileRoutes>;
