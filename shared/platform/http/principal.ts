import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors.ts';
import type { Actor } from '../events/event.ts';
import { isRole, type Role } from '../roles.ts';

/** The caller as the authorizer saw it. */
export type Principal = { sub: string; roles: Role[] };

type JwtClaims = Record<string, string | number | boolean | string[]>;

/**
 * HTTP API passes array claims as the string "[admin sales]"; a Lambda authorizer or the local
 * server may pass a real array. Both mean the same groups.
 */
const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((group) => group.replace(/^"|"$/g, ''))
    .filter(Boolean);
};

/** The principal of a request whose JWT the gateway (or the local server) has verified. */
export const principalOf = (event: APIGatewayProxyEventV2): Principal | undefined => {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: JwtClaims } };
  };
  const claims = context.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  return { sub: claims.sub, roles: groupsOf(claims['cognito:groups']).filter(isRole) };
};

export const requireRole = (principal: Principal | undefined, allowed: readonly Role[]): Principal => {
  if (!principal)
    throw new AppError('unauthorized', 'A valid bearer token is required.', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  if (!principal.roles.some((role) => allowed.includes(role))) {
    throw new AppError('forbidden', `This operation needs one of the roles: ${allowed.join(', ')}.`);
  }
  return principal;
};

export const actorOf = (principal: Principal | undefined): Actor =>
  principal ? { type: 'user', id: principal.sub } : { type: 'system', id: 'public' };
