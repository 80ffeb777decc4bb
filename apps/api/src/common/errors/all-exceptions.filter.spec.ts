import { STATUS_CODES } from 'node:http';

import type { ApiErrorBody } from '@esms/api-contract';
import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  Logger,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { QueryFailedError } from 'typeorm';

import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainException } from './domain.exception';
import { ERROR_STATUS, ErrorCode } from './error-codes';

interface FakeRequest {
  id?: unknown;
  method: string;
  url: string;
}

const REQUEST: FakeRequest = { id: 'req-42', method: 'GET', url: '/api/regions/99' };

/** Runs the filter on `exception` with a fake HTTP host and returns what it wrote. */
function answer(exception: unknown, request: FakeRequest = REQUEST, headersSent = false) {
  const response = { headersSent, status: jest.fn(), json: jest.fn() };
  response.status.mockReturnValue(response);
  new AllExceptionsFilter().catch(exception, new ExecutionContextHost([request, response, jest.fn()]));
  const body = response.json.mock.calls[0]?.[0] as ApiErrorBody | undefined;
  return { response, body, status: response.status.mock.calls[0]?.[0] as number | undefined };
}

/** A body-parser error, as the `http-errors` package builds it. */
function bodyParserError(message: string, status: number, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, type });
}

function databaseError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

let logError: jest.SpyInstance;

beforeEach(() => {
  logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  logError.mockRestore();
});

describe('ERROR_STATUS', () => {
  it.each(Object.entries(ERROR_STATUS))('%s → %i is an HTTP error status', (_code, status) => {
    expect(Object.values(HttpStatus)).toContain(status);
    expect(STATUS_CODES[status]).toBeDefined();
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });
});

describe('AllExceptionsFilter', () => {
  describe('domain exceptions', () => {
    it.each(Object.keys(ERROR_STATUS) as ErrorCode[])(
      '%s → its mapped status, message, field, details',
      (code) => {
        const exception = new DomainException(code, 'Le FINESS 12 est invalide.', 'members.0.finess', {
          finess: '12',
        });
        const { status, body } = answer(exception);
        expect(status).toBe(ERROR_STATUS[code]);
        expect(body).toEqual({
          statusCode: ERROR_STATUS[code],
          code,
          message: 'Le FINESS 12 est invalide.',
          field: 'members.0.finess',
          details: { finess: '12' },
          requestId: 'req-42',
        });
      },
    );

    it('leaves out the field and the details it does not have', () => {
      const { status, body } = answer(DomainException.notFound('Région 99'));
      expect(status).toBe(404);
      expect(body).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Région 99 introuvable.',
        requestId: 'req-42',
      });
      expect(body).not.toHaveProperty('field');
      expect(body).not.toHaveProperty('details');
    });

    it('does not log what the user got wrong', () => {
      answer(new DomainException('CONFLICT', 'Ce projet a été modifié entre-temps.'));
      expect(logError).not.toHaveBeenCalled();
    });
  });

  describe('Nest HTTP exceptions', () => {
    it.each`
      exception                                                                                   | status | code
      ${new NotFoundException('Cannot GET /api/nope')}                                            | ${404} | ${'ROUTE_NOT_FOUND'}
      ${new UnauthorizedException()}                                                              | ${401} | ${'UNAUTHENTICATED'}
      ${new ForbiddenException('Forbidden resource')}                                             | ${403} | ${'FORBIDDEN'}
      ${new MethodNotAllowedException()}                                                          | ${405} | ${'METHOD_NOT_ALLOWED'}
      ${new PayloadTooLargeException()}                                                           | ${413} | ${'PAYLOAD_TOO_LARGE'}
      ${new HttpException('ThrottlerException: Too Many Requests', HttpStatus.TOO_MANY_REQUESTS)} | ${429} | ${'TOO_MANY_REQUESTS'}
      ${new BadRequestException('Unexpected token')}                                              | ${400} | ${'BAD_REQUEST'}
      ${new ConflictException('Conflict')}                                                        | ${409} | ${'BAD_REQUEST'}
      ${new UnsupportedMediaTypeException()}                                                      | ${415} | ${'BAD_REQUEST'}
      ${new HttpException('I am a teapot', 418)}                                                  | ${418} | ${'BAD_REQUEST'}
    `(
      '$exception.name → $status $code, in French',
      ({ exception, status, code }: { exception: HttpException; status: number; code: ErrorCode }) => {
        const { status: written, body } = answer(exception);
        expect(written).toBe(status);
        expect(body).toMatchObject({ statusCode: status, code, requestId: 'req-42' });
        expect(body?.message).not.toBe(exception.message);
        expect(body?.message).toMatch(/[.:]$/);
        expect(body?.message).not.toMatch(
          /\b(Cannot|Forbidden|Unauthorized|Not Found|Too Many|Unexpected|Conflict)\b/,
        );
        expect(logError).not.toHaveBeenCalled();
      },
    );

    it('says in French that an address matches no service', () => {
      expect(answer(new NotFoundException('Cannot GET /api/nope')).body?.message).toBe(
        "Cette adresse ne correspond à aucun service de l'API.",
      );
    });

    it('answers a failed readiness check (terminus throws a 503) with 503, not 500', () => {
      const exception = new ServiceUnavailableException({
        status: 'error',
        error: { database: { status: 'down' } },
      });
      const { status, body } = answer(exception);
      expect(status).toBe(503);
      expect(body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', requestId: 'req-42' });
      expect(body?.message).toMatch(/indisponible/);
    });

    it.each([[new InternalServerErrorException('db pool exploded')], [new BadGatewayException()]])(
      '%s → a generic logged 500',
      (exception) => {
        const { status, body } = answer(exception);
        expect(status).toBe(500);
        expect(body?.code).toBe('INTERNAL_ERROR');
        expect(JSON.stringify(body)).not.toContain('db pool exploded');
        expect(logError).toHaveBeenCalledTimes(1);
      },
    );
  });

  describe('body-parser errors', () => {
    it.each`
      error                                                                                        | status | code                   | message
      ${{ type: 'entity.parse.failed', status: 400 }}                                              | ${400} | ${'BAD_REQUEST'}       | ${'Le corps de la requête n’est pas un JSON valide.'}
      ${bodyParserError('Unexpected token } in JSON', 400, 'entity.parse.failed')}                 | ${400} | ${'BAD_REQUEST'}       | ${'Le corps de la requête n’est pas un JSON valide.'}
      ${{ type: 'entity.too.large', status: 413 }}                                                 | ${413} | ${'PAYLOAD_TOO_LARGE'} | ${'Le contenu envoyé est trop volumineux.'}
      ${bodyParserError('request entity too large', 413, 'entity.too.large')}                      | ${413} | ${'PAYLOAD_TOO_LARGE'} | ${'Le contenu envoyé est trop volumineux.'}
      ${bodyParserError('request size did not match content length', 400, 'request.size.invalid')} | ${400} | ${'BAD_REQUEST'}       | ${'Le corps de la requête est illisible.'}
      ${bodyParserError('request aborted', 400, 'request.aborted')}                                | ${400} | ${'BAD_REQUEST'}       | ${'Le corps de la requête est illisible.'}
      ${bodyParserError('unsupported charset "LATIN1"', 415, 'charset.unsupported')}               | ${415} | ${'BAD_REQUEST'}       | ${'Le corps de la requête est illisible.'}
      ${bodyParserError('unsupported content encoding "br"', 415, 'encoding.unsupported')}         | ${415} | ${'BAD_REQUEST'}       | ${'Le corps de la requête est illisible.'}
      ${bodyParserError('too many parameters', 413, 'parameters.too.many')}                        | ${413} | ${'PAYLOAD_TOO_LARGE'} | ${'Le contenu envoyé est trop volumineux.'}
    `(
      '$error.type ($status) → $status $code',
      ({
        error,
        status,
        code,
        message,
      }: {
        error: unknown;
        status: number;
        code: ErrorCode;
        message: string;
      }) => {
        const { status: written, body } = answer(error);
        expect(written).toBe(status);
        expect(body).toEqual({ statusCode: status, code, message, requestId: 'req-42' });
        expect(logError).not.toHaveBeenCalled();
      },
    );
  });

  describe('database unavailable', () => {
    it.each`
      case                                        | exception
      ${'ECONNREFUSED'}                           | ${databaseError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')}
      ${'ECONNREFUSED without a message'}         | ${Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' })}
      ${'ETIMEDOUT'}                              | ${databaseError('connect ETIMEDOUT 10.0.0.5:5432', 'ETIMEDOUT')}
      ${'connection failure 08006'}               | ${databaseError('connection failure', '08006')}
      ${'pool timeout'}                           | ${databaseError('timeout exceeded when trying to connect')}
      ${'Connection terminated'}                  | ${databaseError('Connection terminated unexpectedly')}
      ${'QueryFailedError 57P01'}                 | ${new QueryFailedError('SELECT 1', [], databaseError('terminating connection due to administrator command', '57P01'))}
      ${'QueryFailedError 57P03'}                 | ${new QueryFailedError('SELECT 1', [], databaseError('the database system is starting up', '57P03'))}
      ${'QueryFailedError Connection terminated'} | ${new QueryFailedError('SELECT 1', [], databaseError('Connection terminated'))}
    `('$case → 503 DATABASE_UNAVAILABLE, in French', ({ exception }: { exception: unknown }) => {
      const { status, body } = answer(exception);
      expect(status).toBe(503);
      expect(body).toEqual({
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message:
          'Le service est momentanément indisponible : la base de données ne répond pas. Réessayez dans un instant.',
        requestId: 'req-42',
      });
      expect(logError).toHaveBeenCalledTimes(1);
      expect(logError.mock.calls[0]?.[0]).toContain('req-42');
    });
  });

  describe('anything else', () => {
    const unexpected = new TypeError("Cannot read properties of undefined (reading 'grades')");

    it.each`
      case                                          | exception
      ${'an Error'}                                 | ${unexpected}
      ${'a unique violation (not a lost database)'} | ${new QueryFailedError('INSERT …', [], databaseError('duplicate key value violates unique constraint "uq_region_name"', '23505'))}
      ${'a thrown string'}                          | ${'boom'}
      ${'null'}                                     | ${null}
      ${'undefined'}                                | ${undefined}
      ${'an object with a code'}                    | ${{ code: 42 }}
    `(
      '$case → 500 INTERNAL_ERROR with the request id and no stack',
      ({ exception }: { exception: unknown }) => {
        const { status, body } = answer(exception);
        expect(status).toBe(500);
        expect(body).toEqual({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          message:
            'Une erreur inattendue est survenue. Si elle persiste, transmettez cette référence au support : req-42.',
          requestId: 'req-42',
        });
        expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|TypeError|duplicate key|boom/);
        expect(logError).toHaveBeenCalledTimes(1);
      },
    );

    it('logs the request id, the route and the stack', () => {
      answer(unexpected, { id: 'req-7', method: 'POST', url: '/api/projects' });
      expect(logError).toHaveBeenCalledTimes(1);
      const [message, stack] = logError.mock.calls[0] as [string, string];
      expect(message).toContain('req-7');
      expect(message).toContain('POST /api/projects');
      expect(stack).toBe(unexpected.stack);
    });

    it.each`
      id           | requestId    | reference
      ${7}         | ${'7'}       | ${'7'}
      ${undefined} | ${undefined} | ${'inconnue'}
    `(
      'a request id $id is answered as $requestId',
      ({ id, requestId, reference }: { id: unknown; requestId: unknown; reference: string }) => {
        const { body } = answer(new Error('boom'), { id, method: 'GET', url: '/api/campaigns' });
        expect(body?.requestId).toBe(requestId);
        expect(body?.message).toContain(`support : ${reference}.`);
      },
    );
  });

  describe('when the headers are already sent', () => {
    it.each([[new Error('boom')], [new DomainException('CONFLICT', 'Conflit.')], [new NotFoundException()]])(
      '%s → nothing is written',
      (exception) => {
        const { response } = answer(exception, REQUEST, true);
        expect(response.status).not.toHaveBeenCalled();
        expect(response.json).not.toHaveBeenCalled();
      },
    );
  });
});
