import type { OrganisationKind, Role } from '@esms/domain';

export interface OrganisationRef {
  kind: OrganisationKind;
  /** « CNSA », « ARS Bretagne », « GCS TESIS ». */
  name: string;
  /** The ARS's region (kind ARS). */
  regionCode: string | null;
  /** The GRADeS (kind GRADES). */
  gradesId: number | null;
  /** Regions whose rows the user reads: null for national scope. */
  regionCodes: string[] | null;
}

/** `GET /api/auth/me` and the answer of a successful sign-in. */
export interface CurrentUserResponse {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: OrganisationRef;
  /** Where the web app lands after sign-in: the national view or the user's region. */
  homeRegionCode: string | null;
  /** Idle time (seconds) after which the session ends. */
  sessionIdleTimeoutSeconds: number;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface AuthProvidersResponse {
  local: boolean;
  /** ProConnect-compatible OpenID Connect sign-in, when configured. */
  oidc: { enabled: boolean; label: string };
}

export interface UserResponse {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: OrganisationRef;
  active: boolean;
  /** ISO date-time. */
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface CreateUserRequest {
  email: string;
  displayName: string;
  role: Role;
  /** Required for ARS_OFFICER. */
  regionCode?: string;
  /** Required for GRADES_MEMBER. */
  gradesId?: number;
  /** Optional: a user who only signs in through ProConnect has no local password. */
  password?: string;
}

export interface UpdateUserRequest {
  version: number;
  displayName?: string;
  role?: Role;
  regionCode?: string | null;
  gradesId?: number | null;
  active?: boolean;
}

/** An organisation recognised at ProConnect sign-in (by SIRET and e-mail domain), administered by the CNSA. */
export interface OidcOrganisationResponse {
  id: number;
  siret: string;
  emailDomain: string | null;
  kind: OrganisationKind;
  regionCode: string | null;
  gradesId: number | null;
  defaultRole: Role;
  label: string;
}

/** `POST /api/oidc-organisations`: the kind of organisation follows from the default role. */
export interface CreateOidcOrganisationRequest {
  /** 14 digits, as ProConnect returns it. */
  siret: string;
  /** Only addresses of this domain are accepted, when given (`ars.sante.fr`). */
  emailDomain?: string;
  label: string;
  /** Role given to the organisation's agents at their first sign-in. */
  defaultRole: Role;
  /** Required for an ARS role. */
  regionCode?: string;
  /** Required for a GRADeS role. */
  gradesId?: number;
}
