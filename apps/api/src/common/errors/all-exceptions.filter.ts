import type { ApiErrorBody } from '@esms/api-contract';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

import { DomainException } from './domain.exception';
import { ERROR_STATUS, ErrorCode } from './error-codes';

/** What the filter reads of Express's request (the id is set by pino-http) and uses of its response. */
interface HttpRequest {
  id?: string | number;
  method: string;
  url: string;
}
interface HttpResponse {
  headersSent: boolean;
  status(code: number): { json(body: unknown): unknown };
}

const DATABASE_UNAVAILABLE_MESSAGE =
  'Le service est momentanément indisponible : la base de données ne répond pas. Réessayez dans un instant.';

const HTTP_CODES: Readonly<Partial<Record<number, { code: ErrorCode; message: string }>>> = {
  [HttpStatus.BAD_REQUEST]: { code: 'BAD_REQUEST', message: 'La requête est invalide.' },
  [HttpStatus.UNAUTHORIZED]: { code: 'UNAUTHENTICATED', message: 'Vous devez vous connecter.' },
  [HttpStatus.FORBIDDEN]: { code: 'FORBIDDEN', message: "Vous n'avez pas les droits nécessaires pour cette action." },
  [HttpStatus.NOT_FOUND]: { code: 'ROUTE_NOT_FOUND', message: "Cette adresse ne correspond à aucun service de l'API." },
  [HttpStatus.METHOD_NOT_ALLOWED]: { code: 'METHOD_NOT_ALLOWED', message: "Cette méthode n'est pas permise ici." },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: 'PAYLOAD_TOO_LARGE', message: 'Le contenu envoyé est trop volumineux.' },
  [HttpStatus.TOO_MANY_REQUESTS]: { code: 'TOO_MANY_REQUESTS', message: 'Trop de tentatives : réessayez dans une minute.' },
  // Thrown by the readiness check (@nestjs/terminus) when the database does not answer.
  [HttpStatus.SERVICE_UNAVAILABLE]: { code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE },
};

/** Client errors of body-parser and raw-body (the `type` of their `http-errors`), besides every `entity.*`. */
const BODY_PARSER_TYPES: ReadonlySet<string> = new Set([
  'request.aborted',
  'request.size.invalid',
  'encoding.unsupported',
  'charset.unsupported',
  'parameters.too.many',
  'querystring.parse.rangeError',
]);

/** Connection-level failures of PostgreSQL or the pool: the database is unreachable, not the request wrong. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code)) ||
    /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(message)
  );
}

/**
 * One answer shape for every error: `{ statusCode, code, message, field?, details?, requestId }`, messages in
 * French, no stack trace to clients. Unknown errors are logged with the request id and answered as a generic 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Erreurs');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<HttpResponse>();
    const request = context.getRequest<HttpRequest>();
    const body = this.toBody(exception, request);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: HttpRequest): ApiErrorBody {
    const requestId = request.id === undefined ? undefined : String(request.id);
    if (exception instanceof DomainException) {
      return {
        statusCode: ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        ...(exception.field === undefined ? {} : { field: exception.field }),
        ...(exception.details === undefined ? {} : { details: exception.details }),
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = HTTP_CODES[status];
      if (known) return { statusCode: status, code: known.code, message: known.message, requestId };
      if (status < 500) {
        return { statusCode: status, code: 'BAD_REQUEST', message: 'La requête est invalide.', requestId };
      }
    }
    const bodyParserError = this.asBodyParserError(exception);
    if (bodyParserError) {
      const { status, type } = bodyParserError;
      if (status === 413) {
        return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Le contenu envoyé est trop volumineux.', requestId };
      }
      return {
        statusCode: status,
        code: 'BAD_REQUEST',
        message:
          type === 'entity.parse.failed'
            ? 'Le corps de la requête n’est pas un JSON valide.'
            : 'Le corps de la requête est illisible.',
        requestId,
      };
    }
    if (isDatabaseUnavailable(exception) || (exception instanceof QueryFailedError && isDatabaseUnavailable(exception.driverError))) {
      this.logger.error(`Base de données indisponible (requête ${requestId ?? '?'}) : ${String(exception)}`);
      return { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, requestId };
    }
    this.logger.error(
      `Erreur inattendue (requête ${requestId ?? '?'}) sur ${request.method} ${request.url}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: `Une erreur inattendue est survenue. Si elle persiste, transmettez cette référence au support : ${requestId ?? 'inconnue'}.`,
      requestId,
    };
  }

  /**
   * A client error of body-parser or raw-body: a 4xx `status` and a `type` such as `entity.parse.failed`,
   * `entity.too.large` or `charset.unsupported`. Any other is the server's fault (a generic 500).
   */
  private asBodyParserError(exception: unknown): { status: number; type: string } | undefined {
    const candidate = exception as { type?: unknown; status?: unknown } | null;
    const { type, status } = candidate ?? {};
    if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status > 499) return undefined;
    return type.startsWith('entity.') || BODY_PARSER_TYPES.has(type) ? { status, type } : undefined;
  }
}
