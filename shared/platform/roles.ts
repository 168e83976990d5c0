/** The role groups of the Cognito user pool, carried in the `cognito:groups` claim. */
export const ROLES = ['admin', 'sales', 'sales_manager', 'marketing', 'service', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call an operation: the listed roles, or anyone without a token. Public business routes
 * (`/v1/public/*`: forms, surveys, chat) are rate-limited per client; infrastructure routes
 * (`/health`, `/openapi.json`) are not, so a health probe never costs a table write.
 */
export type Access = { public: true; rateLimited: boolean } | { roles: readonly Role[] };

/** Everyone with a token may read. */
export const READERS: readonly Role[] = ROLES;
/** Roles that work with customer records day to day. */
export const RECORD_WRITERS: readonly Role[] = ['admin', 'sales', 'sales_manager', 'marketing', 'service'];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
