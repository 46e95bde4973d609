import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorCode } from '../kernel/errors.js';

/** The one table from stable error codes to HTTP statuses. */
export const httpStatusOf: Record<ErrorCode, number> = {
  'validation.failed': 422,
  'request.malformed': 400,
  'request.too_large': 413,
  'rate.limited': 429,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.locked': 423,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'case.not_found': 404,
  'case.number_invalid': 422,
  'case.transition_invalid': 409,
  'case.stale_view': 409,
  'topic.unknown': 422,
  'intake.attachment_too_large': 413,
  'intake.attachment_type': 422,
  'intake.too_many_attachments': 413,
  'attachment.not_found': 404,
  'mail.not_found': 404,
  'job.not_found': 404,
  'agent.exists': 409,
  'agent.not_found': 404,
  'invitation.invalid': 422,
  'case.merge_invalid': 422,
  'case.link_not_found': 404,
  'task.not_found': 404,
  'canned_response.not_found': 404,
  'department.not_found': 404,
  'article.not_found': 404,
  'article.exists': 409,
  internal: 500,
};

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** Maps framework errors (body parsing, limits, schema validation) onto our error codes. */
function classifyFrameworkError(error: FastifyError): { status: number; body: ErrorBody } {
  if (error.validation) {
    const fields: Record<string, string> = {};
    for (const issue of error.validation) {
      const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(issue.params?.missingProperty ?? 'body');
      fields[field] ??= issue.message ?? 'is invalid';
    }
    return { status: 422, body: { error: { code: 'validation.failed', message: 'Some fields need attention.', fields } } };
  }
  const status = error.statusCode ?? 500;
  if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT' || error.code === 'FST_PARTS_LIMIT') {
    return { status: 413, body: { error: { code: 'request.too_large', message: 'The request is too large: attachments may be at most 10 MB each and 25 MB together, 5 files at most.' } } };
  }
  if (status === 429) {
    return { status: 429, body: { error: { code: 'rate.limited', message: 'Too many requests from your address. Please wait a few minutes and try again.' } } };
  }
  if (status === 415) {
    return { status: 415, body: { error: { code: 'request.malformed', message: 'Send JSON (application/json) or a form (multipart/form-data).' } } };
  }
  if (status >= 400 && status < 500) {
    return { status: 400, body: { error: { code: 'request.malformed', message: `The request could not be read: ${error.message}` } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side. Please try again later.' } } };
}

export function handleHttpError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (isAppError(error)) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.fields) body.error.fields = error.fields;
    reply.status(httpStatusOf[error.code]).send(body);
    return;
  }
  const { status, body } = classifyFrameworkError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  reply.status(status).send(body);
}
