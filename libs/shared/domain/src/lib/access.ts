/**
 * Who may do what. A user belongs to one organisation — the CNSA, one ARS (a region) or one GRADeS — and has one
 * role, which must fit that organisation.
 */
export const ROLES = ['CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR', 'ARS_OFFICER', 'GRADES_MEMBER'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['CNSA', 'ARS', 'GRADES'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  CNSA_ADMIN: 'Administrateur CNSA',
  CNSA_ANALYST: 'Analyste CNSA',
  AUDITOR: 'Auditeur',
  ARS_OFFICER: 'Chargé de mission ARS',
  GRADES_MEMBER: 'Membre de GRADeS',
};

export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, string>> = {
  CNSA: 'CNSA',
  ARS: 'Agence régionale de santé',
  GRADES: 'GRADeS',
};

const ROLE_ORGANISATION: Readonly<Record<Role, OrganisationKind>> = {
  CNSA_ADMIN: 'CNSA',
  CNSA_ANALYST: 'CNSA',
  AUDITOR: 'CNSA',
  ARS_OFFICER: 'ARS',
  GRADES_MEMBER: 'GRADES',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The kind of organisation a role belongs to (an auditor is attached to the CNSA). */
export function organisationKindOfRole(role: Role): OrganisationKind {
  return ROLE_ORGANISATION[role];
}

/** Roles that see the whole programme, every region's rows. */
export function hasNationalScope(role: Role): boolean {
  return ROLE_ORGANISATION[role] === 'CNSA';
}

/** Roles allowed to read the audit log. */
export function canReadAudit(role: Role): boolean {
  return role === 'CNSA_ADMIN' || role === 'AUDITOR';
}

/**
 * The rows a user may read: all of them, or those of a set of regions (an ARS officer: its region; a GRADeS
 * member: the regions its GRADeS serves).
 */
export type DataScope = { kind: 'national' } | { kind: 'regions'; regionCodes: readonly string[] };

export function isInScope(scope: DataScope, regionCode: string): boolean {
  return scope.kind === 'national' || scope.regionCodes.includes(regionCode);
}

/**
 * Password rule for local accounts: at least 12 characters mixing at least three of lower case, upper case,
 * digits and other characters. Returns the French reason of a refusal, or null when the password is accepted.
 */
export function passwordWeakness(password: string): string | null {
  if (password.length < 12) {
    return 'Le mot de passe doit compter au moins 12 caractères.';
  }
  if (password.length > 256) {
    return 'Le mot de passe ne doit pas dépasser 256 caractères.';
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) {
    return 'Le mot de passe doit mêler au moins trois types de caractères parmi minuscules, majuscules, chiffres et caractères spéciaux.';
  }
  return null;
}
