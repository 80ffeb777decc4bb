import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'esms_session';
/** Read by Angular's HttpClient, which echoes it in the X-XSRF-TOKEN header of state-changing requests. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

/** Reads one cookie from the Cookie header (no dependency, no signed cookies). */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

export function xsrfCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: false, sameSite: 'strict', secure, path: '/' };
}

export function setXsrfCookie(response: Response, token: string, secure: boolean): void {
  response.cookie(XSRF_COOKIE, token, xsrfCookieOptions(secure));
}
