import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AppError } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details; `type` points at docs/problems.md. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { path: string; message: string }[];
};

export const problemOf = (error: AppError, instance?: string): Problem => ({
  type: `/problems/${error.type}`,
  title: error.title,
  status: error.status,
  detail: error.message,
  ...(instance ? { instance } : {}),
  ...(error.errors ? { errors: error.errors } : {}),
});

export const problemResponse = (error: AppError, instance?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: error.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  body: JSON.stringify(problemOf(error, instance)),
});

/** The answer to anything unexpected: a generic 500 that reveals nothing about the internals. */
export const internalErrorResponse = (instance?: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 500,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  body: JSON.stringify({
    type: '/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. The request can be retried.',
    ...(instance ? { instance } : {}),
  }),
});
