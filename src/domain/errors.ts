/** The one error type that crosses layers; `code` is what clients and exit codes key on. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'GOVERNANCE_VIOLATION'
  | 'UNAVAILABLE'
  | 'CONFIG_INVALID'
  /** no identity, or one that cannot be verified (a bad, expired or revoked token or key) */
  | 'UNAUTHENTICATED'
  /** a verified identity whose roles or sites do not allow what it asked */
  | 'FORBIDDEN'
  /** too many requests from one identity in a window */
  | 'RATE_LIMITED'
  | 'INTERNAL';

export class ThreadgraphError extends Error {
  override readonly name = 'ThreadgraphError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
