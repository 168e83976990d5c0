import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors.ts';
import type { FeatureApi } from './operation.ts';
import { matchRoute, normalisePath } from './route-match.ts';

/**
 * The answer to a request no route took (API Gateway's `$default` route): 405 with `Allow` when the
 * path exists under another method, 404 otherwise.
 */
export const unmatchedRoute = (event: APIGatewayProxyEventV2, apis: readonly FeatureApi[]): AppError => {
  const path = normalisePath(event.rawPath);
  const { allowed } = matchRoute(apis, event.requestContext.http.method, path);
  if (allowed.length > 0) {
    return new AppError(
      'method-not-allowed',
      `${event.requestContext.http.method} is not allowed on ${path}.`,
      {
        headers: { allow: allowed.join(', ') },
      },
    );
  }
  return new AppError('not-found', `There is no resource at ${path}.`);
};
