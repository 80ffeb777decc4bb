import { ErrorCode } from './error-codes';

/**
 * The only exception services throw. It carries a stable code (mapped to an HTTP status by the global filter),
 * a French message for the user, and the request field at fault when there is one.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  static notFound(what: string, field?: string): DomainException {
    return new DomainException('NOT_FOUND', `${what} introuvable.`, field);
  }
}
