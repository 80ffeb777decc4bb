import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

import pino from 'pino';

import { httpLoggingOptions, requestId, serializeRequest, serializeResponse } from './http-logging';

function request(
  headers: Record<string, string>,
  url = '/api/dashboard/national?campaign=2024',
): IncomingMessage & { id?: unknown } {
  return {
    id: 'req-1',
    method: 'GET',
    url,
    headers,
    socket: { remoteAddress: '10.0.0.7' },
  } as unknown as IncomingMessage & { id?: unknown };
}

function response(): ServerResponse & { headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = {};
  return {
    statusCode: 200,
    headers,
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
  } as unknown as ServerResponse & { headers: Record<string, unknown> };
}

describe('request log lines', () => {
  it('say who called what, and never a header: no cookie, no token, nothing to redact', () => {
    const logged = serializeRequest(
      request({
        cookie: 'esms_session=secret-token; XSRF-TOKEN=abc',
        authorization: 'Bearer secret',
        'user-agent': 'Firefox/140',
      }),
    );
    expect(logged).toEqual({
      id: 'req-1',
      method: 'GET',
      url: '/api/dashboard/national?campaign=2024',
      remoteAddress: '10.0.0.7',
      userAgent: 'Firefox/140',
    });
    expect(JSON.stringify(logged)).not.toMatch(/secret|abc/);
    expect(serializeResponse(response())).toEqual({ statusCode: 200 });
  });

  it('shortens a very long user agent', () => {
    expect(serializeRequest(request({ 'user-agent': 'x'.repeat(5000) })).userAgent).toHaveLength(200);
  });

  it('keeps a sane x-request-id from the caller and echoes it; replaces anything else by a UUID', () => {
    const kept = response();
    expect(requestId(request({ 'x-request-id': 'lb-42.a_b' }), kept)).toBe('lb-42.a_b');
    expect(kept.headers['x-request-id']).toBe('lb-42.a_b');
    for (const header of ['a b', 'x'.repeat(65), '<script>']) {
      const replaced = response();
      const id = requestId(request({ 'x-request-id': header }), replaced);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.headers['x-request-id']).toBe(id);
    }
  });

  it('writes one JSON line per request with the service name in the base, not in a child per request', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = httpLoggingOptions({ logLevel: 'info', logPretty: false });
    expect(Array.isArray(options)).toBe(true);
    const [settings] = options as [pino.LoggerOptions, unknown];
    const logger = pino(settings, sink);
    logger
      .child({ req: request({ cookie: 'esms_session=secret-token' }) })
      .info({ res: response(), responseTime: 3 }, 'request completed');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'api',
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET' },
      res: { statusCode: 200 },
    });
    expect(lines[0]).not.toContain('secret-token');
  });

  it('opens no output of its own when silent (tests), and pretty-prints through pino-pretty when asked', () => {
    expect(Array.isArray(httpLoggingOptions({ logLevel: 'silent', logPretty: false }))).toBe(false);
    expect(httpLoggingOptions({ logLevel: 'info', logPretty: true })).toMatchObject({
      transport: { target: 'pino-pretty' },
    });
  });
});
