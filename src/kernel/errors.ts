/**
 * Stable error codes of the domain. Transports map them to their own statuses in one table each
 * (HTTP: src/http/error-handler.ts); business code never throws transport errors.
 */
export type ErrorCode =
  | 'validation.failed'
  | 'request.malformed'
  | 'request.too_large'
  | 'rate.limited'
  | 'auth.required'
  | 'auth.invalid_credentials'
  | 'auth.locked'
  | 'auth.forbidden'
  | 'auth.csrf'
  | 'case.not_found'
  | 'case.number_invalid'
  | 'case.transition_invalid'
  | 'case.stale_view'
  | 'topic.unknown'
  | 'intake.attachment_too_large'
  | 'intake.attachment_type'
  | 'intake.too_many_attachments'
  | 'attachment.not_found'
  | 'mail.not_found'
  | 'job.not_found'
  | 'agent.exists'
  | 'agent.not_found'
  | 'invitation.invalid'
  | 'case.merge_invalid'
  | 'case.link_not_found'
  | 'task.not_found'
  | 'canned_response.not_found'
  | 'department.not_found'
  | 'article.not_found'
  | 'article.exists'
  | 'internal';

/** Per-field messages a customer can act on, keyed by field name (dotted for nested fields). */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
