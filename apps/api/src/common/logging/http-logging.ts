import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';

import { destination, type DestinationStream, stdSerializers } from 'pino';
import type { Options } from 'pino-http';

import type { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** What a request's log line says of it: never a header (no cookie, no token), only what identifies the call. */
export interface LoggedRequest {
  id: unknown;
  method: string | undefined;
  url: string | undefined;
  remoteAddress: string | undefined;
  userAgent: string | undefined;
}

export function serializeRequest(
  request: IncomingMessage & { id?: unknown; originalUrl?: string },
): LoggedRequest {
  const agent = request.headers['user-agent'];
  return {
    id: request.id,
    method: request.method,
    url: request.originalUrl ?? request.url,
    remoteAddress: request.socket?.remoteAddress,
    userAgent: typeof agent === 'string' ? agent.slice(0, 200) : undefined,
  };
}

export function serializeResponse(response: ServerResponse): { statusCode: number } {
  return { statusCode: response.statusCode };
}

/** The request id: the caller's `x-request-id` when it is a sane token, else a new UUID; echoed in the response. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  response.setHeader('x-request-id', id);
  return id;
}

/** Log lines are written by blocks of this many bytes at least, and at least every {@link LOG_FLUSH_MS}. */
export const LOG_BUFFER_BYTES = 4096;
export const LOG_FLUSH_MS = 1000;

let standardOutput: DestinationStream | undefined;

/**
 * Standard output for the JSON logs, one per process: written asynchronously by blocks (a line per request would
 * otherwise be one blocking `write` each), flushed every second when traffic is low, and on exit by pino itself
 * (what a crash or SIGTERM leaves in memory is written before the process ends).
 */
export function logDestination(): DestinationStream {
  if (!standardOutput) {
    const stream = destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
    setInterval(() => {
      try {
        stream.flush();
      } catch {
        // Closed at exit, after pino's last flush: nothing left to write.
      }
    }, LOG_FLUSH_MS).unref();
    standardOutput = stream;
  }
  return standardOutput;
}

/**
 * pino-http's options: one JSON line per request (id, method, URL, client address and agent, status, duration),
 * written on every request, so kept cheap:
 * - the fields every line carries (`service`, pid, host) are the logger's base, not a child logger made per request;
 * - our own serializers instead of pino's standard ones wrapped (which copy every header, then redact the cookie):
 *   no header is ever logged, so there is nothing to redact;
 * - `/api/health` (probes) is not logged;
 * - written by blocks ({@link logDestination}).
 */
export function httpLoggingOptions(
  config: Pick<AppConfig, 'logLevel' | 'logPretty'>,
): Options | [Options, DestinationStream] {
  const options: Options = {
    level: config.logLevel,
    base: { pid: process.pid, hostname: hostname(), service: 'api' },
    genReqId: requestId,
    wrapSerializers: false,
    serializers: { req: serializeRequest, res: serializeResponse, err: stdSerializers.err },
    autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/api/health') },
  };
  if (config.logPretty)
    return { ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } };
  // Silent (the tests): nothing is written, no stream to open.
  return config.logLevel === 'silent' ? options : [options, logDestination()];
}
