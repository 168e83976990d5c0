/** The role groups of the Cognito user pool, carried in the `cognito:groups` claim. */
export const ROLES = ['admin', 'sales', 'sales_manager', 'marketing', 'service', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call an operation: every listed role, or nobody needs a token. */
export type Access = { public: true } | { roles: readonly Role[] };

/** Everyone with a token may read. */
export const READERS: readonly Role[] = ROLES;
/** Roles that work with customer records day to day. */
export const RECORD_WRITERS: readonly Role[] = ['admin', 'sales', 'sales_manager', 'marketing', 'service'];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
