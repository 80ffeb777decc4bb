import { timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { SessionService } from '../../modules/auth/session.service';
import { DomainException } from '../errors/domain.exception';
import { AuthenticatedRequest } from './current-user';
import { readCookie, SESSION_COOKIE, XSRF_COOKIE, XSRF_HEADER } from './cookies';
import { Policy, POLICY_KEY } from './policy';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Global guard, default deny: resolves the session, checks the anti-CSRF token of state-changing requests, then
 * applies the route's declared policy. A route without a policy is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Accès');

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!policy) {
      this.logger.error(`Route sans politique d'accès : ${request.method} ${request.url}`);
      throw new DomainException('FORBIDDEN', "Cette route n'a pas de règle d'accès déclarée : elle est refusée.");
    }

    const token = readCookie(request, SESSION_COOKIE);
    const user = token ? await this.sessions.resolve(token) : null;
    if (user) request.user = user;

    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[XSRF_HEADER];
      const sent = typeof header === 'string' ? header : undefined;
      const expected = user ? user.csrfToken : readCookie(request, XSRF_COOKIE);
      if (!sameToken(sent, expected)) {
        throw new DomainException(
          'CSRF_INVALID',
          'Jeton anti-falsification absent ou périmé : rechargez la page puis recommencez.',
          'X-XSRF-TOKEN',
        );
      }
    }

    if (policy.kind === 'public') return true;
    if (!user) {
      throw new DomainException(
        'UNAUTHENTICATED',
        token ? 'Votre session a expiré : reconnectez-vous.' : 'Vous devez vous connecter.',
      );
    }
    if (policy.kind === 'roles' && !policy.roles.includes(user.role)) {
      throw new DomainException('FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    }
    return true;
  }
}
