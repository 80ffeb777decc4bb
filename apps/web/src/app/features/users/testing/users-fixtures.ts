import type {
  GradesResponse,
  OidcOrganisationResponse,
  Page,
  RegionResponse,
  UserResponse,
} from '@esms/api-contract';

import { CNSA_ADMIN } from '../../../core/auth/testing/auth-fixtures';

export function userResponse(overrides: Partial<UserResponse> & Pick<UserResponse, 'id'>): UserResponse {
  return {
    email: 'prenom.nom@cnsa.fr',
    displayName: 'Prénom Nom',
    role: 'CNSA_ANALYST',
    organisation: { kind: 'CNSA', name: 'CNSA', regionCode: null, gradesId: null, regionCodes: null },
    active: true,
    lastLoginAt: '2026-11-20T08:30:00.000Z',
    createdAt: '2026-01-05T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** The signed-in administrator's own account. */
export const SELF = userResponse({
  id: CNSA_ADMIN.id,
  email: CNSA_ADMIN.email,
  displayName: CNSA_ADMIN.displayName,
  role: 'CNSA_ADMIN',
  version: 3,
});

export const ARS_USER = userResponse({
  id: '00000000-0000-4000-8000-000000000010',
  email: 'yann.le-goff@ars.sante.fr',
  displayName: 'Yann Le Goff',
  role: 'ARS_OFFICER',
  organisation: { kind: 'ARS', name: 'ARS Bretagne', regionCode: '53', gradesId: null, regionCodes: ['53'] },
  lastLoginAt: '2026-11-23T07:15:00.000Z',
  version: 4,
});

export const INACTIVE_GRADES_USER = userResponse({
  id: '00000000-0000-4000-8000-000000000011',
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
  active: false,
  lastLoginAt: null,
  version: 2,
});

export const USERS = [SELF, ARS_USER, INACTIVE_GRADES_USER];

export function usersPage(
  items: UserResponse[],
  total = items.length,
  page = 1,
  pageSize = 25,
): Page<UserResponse> {
  return { items, total, page, pageSize };
}

export const REGIONS: RegionResponse[] = [
  {
    code: '53',
    name: 'Bretagne',
    arsName: 'ARS Bretagne',
    territory: 'metropole',
    grades: [{ id: 3, code: 'GCS-ESANTE-BRETAGNE', name: 'GCS e-Santé Bretagne' }],
  },
  {
    code: '04',
    name: 'La Réunion',
    arsName: 'ARS La Réunion',
    territory: 'outre_mer',
    grades: [{ id: 17, code: 'GCS-TESIS', name: 'GCS TESIS' }],
  },
];

export const GRADES: GradesResponse[] = [
  {
    id: 17,
    code: 'GCS-TESIS',
    name: 'GCS TESIS',
    legalForm: 'GCS',
    regions: [
      { code: '04', name: 'La Réunion' },
      { code: '06', name: 'Mayotte' },
    ],
  },
  {
    id: 3,
    code: 'GCS-ESANTE-BRETAGNE',
    name: 'GCS e-Santé Bretagne',
    legalForm: 'GCS',
    regions: [{ code: '53', name: 'Bretagne' }],
  },
];

export const OIDC_ORGANISATIONS: OidcOrganisationResponse[] = [
  {
    id: 1,
    siret: '13000548100010',
    emailDomain: 'ars.sante.fr',
    kind: 'ARS',
    regionCode: '53',
    gradesId: null,
    defaultRole: 'ARS_OFFICER',
    label: 'ARS Bretagne',
  },
  {
    id: 2,
    siret: '18004010900011',
    emailDomain: null,
    kind: 'CNSA',
    regionCode: null,
    gradesId: null,
    defaultRole: 'CNSA_ANALYST',
    label: 'CNSA',
  },
];
