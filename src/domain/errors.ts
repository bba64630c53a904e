/** The one error type that crosses layers; `code` is what clients and exit codes key on. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'GOVERNANCE_VIOLATION'
  | 'UNAVAILABLE'
  | 'CONFIG_INVALID'
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
