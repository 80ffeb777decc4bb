import { HttpTestingController } from '@angular/common/http/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

function user(
  overrides: Partial<CurrentUserResponse> & Pick<CurrentUserResponse, 'role'>,
): CurrentUserResponse {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'camille.martin@cnsa.fr',
    displayName: 'Camille Martin',
    organisation: { kind: 'CNSA', name: 'CNSA', regionCode: null, gradesId: null, regionCodes: null },
    homeRegionCode: null,
    sessionIdleTimeoutSeconds: 1800,
    ...overrides,
  };
}

export const CNSA_ADMIN = user({ role: 'CNSA_ADMIN' });

export const CNSA_ANALYST = user({
  id: '00000000-0000-4000-8000-000000000002',
  email: 'dominique.petit@cnsa.fr',
  displayName: 'Dominique Petit',
  role: 'CNSA_ANALYST',
});

export const ARS_OFFICER = user({
  id: '00000000-0000-4000-8000-000000000003',
  email: 'yann.le-goff@ars.sante.fr',
  displayName: 'Yann Le Goff',
  role: 'ARS_OFFICER',
  organisation: { kind: 'ARS', name: 'ARS Bretagne', regionCode: '53', gradesId: null, regionCodes: ['53'] },
  homeRegionCode: '53',
});

export const GRADES_MEMBER = user({
  id: '00000000-0000-4000-8000-000000000004',
  email: 'anais.payet@tesis.re',
  displayName: 'Anaïs Payet',
  role: 'GRADES_MEMBER',
  organisation: {
    kind: 'GRADES',
    name: 'GCS TESIS',
    regionCode: null,
    gradesId: 17,
    regionCodes: ['04', '06'],
  },
  homeRegionCode: '04',
});

export const UNAUTHENTICATED = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Vous devez vous connecter.',
};

/** Answers the session read at start (`GET /api/auth/me`): the user, or 401 for nobody. */
export function answerSession(http: HttpTestingController, signedIn: CurrentUserResponse | null): void {
  const request = http.expectOne('/api/auth/me');
  if (signedIn) {
    request.flush(signedIn);
  } else {
    request.flush(UNAUTHENTICATED, { status: 401, statusText: 'Unauthorized' });
  }
}
