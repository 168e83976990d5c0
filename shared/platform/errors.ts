/** Errors are values with a type; `problem.ts` maps them to RFC 9457 responses in one place. */
export type ProblemType =
  | 'bad-request'
  | 'validation-failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'too-many-requests';

export type FieldError = { path: string; message: string };

const STATUS: Record<ProblemType, number> = {
  'bad-request': 400,
  'validation-failed': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'precondition-failed': 412,
  'precondition-required': 428,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'too-many-requests': 429,
};

const TITLE: Record<ProblemType, string> = {
  'bad-request': 'Bad request',
  'validation-failed': 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'precondition-failed': 'Precondition failed',
  'precondition-required': 'Precondition required',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  unprocessable: 'Unprocessable content',
  'too-many-requests': 'Too many requests',
};

export class AppError extends Error {
  readonly type: ProblemType;
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    type: ProblemType,
    detail: string,
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.type = type;
    this.status = STATUS[type];
    this.title = TITLE[type];
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('not-found', `${what} ${id} does not exist.`);
export const conflict = (detail: string): AppError => new AppError('conflict', detail);
export const forbidden = (detail: string): AppError => new AppError('forbidden', detail);
export const preconditionFailed = (expected: number, actual: number): AppError =>
  new AppError(
    'precondition-failed',
    `If-Match names version ${expected}, but the current version is ${actual}.`,
  );
export const validationFailed = (
  errors: FieldError[],
  detail = 'The request does not match the schema.',
): AppError => new AppError('validation-failed', detail, { errors });

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
