import type { DataScope, OrganisationKind, Role } from '@esms/domain';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { DomainException } from '../errors/domain.exception';

/** The signed-in user of a request, resolved from the session cookie by the AuthGuard. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationKind: OrganisationKind;
  organisationName: string;
  regionCode: string | null;
  gradesId: number | null;
  /** The rows the user may read: every region, or a list. Apply it in the query. */
  scope: DataScope;
  sessionId: string;
  csrfToken: string;
}

export type AuthenticatedRequest = Request & { user?: CurrentUser; id?: string };

/** Injects the signed-in user (the route's policy guarantees there is one). */
export const User = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentUser => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) {
    throw new DomainException('UNAUTHENTICATED', 'Vous devez vous connecter.');
  }
  return request.user;
});
