import type { CurrentUserResponse } from '@esms/api-contract';

import type { CurrentUser } from '../../common/auth/current-user';

export function toCurrentUserResponse(user: CurrentUser, idleMinutes: number): CurrentUserResponse {
  const regionCodes = user.scope.kind === 'national' ? null : [...user.scope.regionCodes];
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    organisation: {
      kind: user.organisationKind,
      name: user.organisationName,
      regionCode: user.regionCode,
      gradesId: user.gradesId,
      regionCodes,
    },
    homeRegionCode: user.regionCode ?? regionCodes?.[0] ?? null,
    sessionIdleTimeoutSeconds: idleMinutes * 60,
  };
}
