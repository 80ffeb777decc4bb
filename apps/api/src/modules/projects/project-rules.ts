import { PROJECT_SORT_KEYS, type ProjectSortKey } from '@esms/api-contract';
import { sumCents, type Cents, type MilestoneStatus, type ProjectStatus, type Role, type SoftwareSituation } from '@esms/domain';

/**
 * Pure rules of the projects feature that the domain library does not hold: which projects track their milestones,
 * what a project holds committed on its envelope, project codes, optimistic-lock versions, list sorting, member
 * changes and audit snapshots.
 */

/** Projects under way: their milestones count (late or not). Before the decision the due dates are provisional. */
export const TRACKED_STATUSES: readonly ProjectStatus[] = ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES'];

export function milestonesTracked(status: ProjectStatus): boolean {
  return TRACKED_STATUSES.includes(status);
}

/**
 * The national call is run by the CNSA (and the DNS): the decision on a national-call project (retained or refused,
 * which commits the national envelope) is the CNSA administrator's, not the region's ARS. Null when allowed.
 */
export function nationalDecisionRefusal(callType: 'regional' | 'national', to: ProjectStatus, role: Role): string | null {
  if (callType !== 'national' || role === 'CNSA_ADMIN' || (to !== 'RETENU' && to !== 'REFUSE')) return null;
  return "La décision sur un projet de l'appel à projets national (retenu ou refusé) revient à l'administration CNSA.";
}

/** Milestone statuses that are still to be reached (mirrors `isMilestoneLate` of the domain, for SQL). */
export const PENDING_MILESTONE_STATUSES: readonly MilestoneStatus[] = ['A_VENIR', 'DECLARE', 'REJETE'];

/** Statuses in which milestones may be declared, validated or rejected. */
export function milestonesWritable(status: ProjectStatus): boolean {
  return milestonesTracked(status);
}

export type PaymentStatusValue = 'A_VERSER' | 'VERSE' | 'ANNULE' | 'RECUPERATION_DEMANDEE';

export interface PaymentState {
  tranche: 1 | 2;
  amountCents: Cents;
  status: PaymentStatusValue;
}

/** Money actually paid on the project (a recovery request does not undo a payment until the money comes back). */
export function paidOf(payments: readonly PaymentState[]): Cents {
  return sumCents(payments.filter((payment) => payment.status === 'VERSE' || payment.status === 'RECUPERATION_DEMANDEE').map((payment) => payment.amountCents));
}

/**
 * What a project holds committed on its envelope: nothing before the decision; the grant once retained, less the
 * tranches cancelled; once refused or abandoned, only what was already paid (paid money stays committed).
 */
export function projectCommitment(status: ProjectStatus, grantedCents: Cents | null, payments: readonly PaymentState[]): Cents {
  if (status === 'DEPOSE') return 0;
  if (status === 'REFUSE' || status === 'ABANDONNE') return paidOf(payments);
  const cancelled = sumCents(payments.filter((payment) => payment.status === 'ANNULE').map((payment) => payment.amountCents));
  return (grantedCents ?? 0) - cancelled;
}

/** « 2024-53-0007 ». */
export function formatProjectCode(campaignYear: number, regionCode: string, sequence: number): string {
  return `${campaignYear}-${regionCode}-${String(sequence).padStart(4, '0')}`;
}

export type VersionResult = { ok: true; version: number } | { ok: false; message: string };

/** Reads an If-Match header: `3`, `"3"` or `W/"3"`. */
export function parseIfMatch(header: string | undefined): number | null | 'invalid' {
  if (header === undefined || header.trim() === '') return null;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return match ? Number(match[1]) : 'invalid';
}

/** The version the client read: the body field or the If-Match header (they must agree when both are sent). */
export function resolveVersion(bodyVersion: number | undefined, ifMatch: string | undefined): VersionResult {
  const header = parseIfMatch(ifMatch);
  if (header === 'invalid') return { ok: false, message: "L'en-tête If-Match doit porter la version lue (nombre entier)." };
  if (bodyVersion !== undefined && header !== null && bodyVersion !== header) {
    return { ok: false, message: `La version du corps (${bodyVersion}) et celle de l'en-tête If-Match (${header}) diffèrent.` };
  }
  const version = bodyVersion ?? header;
  if (version === null) {
    return { ok: false, message: 'La version lue est obligatoire (champ « version » ou en-tête If-Match) : rechargez le projet.' };
  }
  return { ok: true, version };
}

const SORT_COLUMNS: Readonly<Record<ProjectSortKey, string>> = {
  code: 'p.code',
  name: 'lower(p.name)',
  campaignYear: 'p.campaign_year',
  region: 'r.name',
  status: 'p.status',
  essmsCount: 'p.essms_count',
  requestedCents: 'p.requested_cents',
  computedGrantCents: 'p.computed_grant_cents',
  grantedCents: 'p.granted_cents',
  lateMilestones: 'late_count',
  nextDueOn: 'next_due_on',
  updatedAt: 'p.updated_at',
  riskScore: 'pr.score',
};

/** ORDER BY of the project list from a whitelisted key (`name`, `-updatedAt`…), with a stable tie-breaker. */
export function projectOrderBy(sort: string | undefined): string | null {
  const value = (sort ?? '-updatedAt').trim();
  const descending = value.startsWith('-');
  const key = descending ? value.slice(1) : value;
  if (!(PROJECT_SORT_KEYS as readonly string[]).includes(key)) return null;
  const column = SORT_COLUMNS[key as ProjectSortKey];
  return `${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST, p.code ASC, p.id ASC`;
}

/**
 * What a list sort reads besides the project's own columns: the late count (`late`) or the next milestone (`next`),
 * which are then computed for every matching project before paging, the region's name or the risk score.
 */
export type ProjectSortReads = 'late' | 'next' | 'region' | 'risk' | null;

export function projectSortReads(sort: string | undefined): ProjectSortReads {
  const value = (sort ?? '-updatedAt').trim();
  const key = value.startsWith('-') ? value.slice(1) : value;
  const reads: Partial<Record<string, ProjectSortReads>> = { lateMilestones: 'late', nextDueOn: 'next', region: 'region', riskScore: 'risk' };
  return reads[key] ?? null;
}

export interface MemberChanges<T> {
  added: T[];
  removed: T[];
  changed: T[];
}

/** Members added, removed, or whose software situation changed, between two lists keyed by ESSMS id. */
export function memberChanges<T extends { essmsId: string; softwareSituation: SoftwareSituation }>(
  before: readonly T[],
  after: readonly T[],
): MemberChanges<T> {
  const previous = new Map(before.map((member) => [member.essmsId, member]));
  const next = new Map(after.map((member) => [member.essmsId, member]));
  return {
    added: after.filter((member) => !previous.has(member.essmsId)),
    removed: before.filter((member) => !next.has(member.essmsId)),
    changed: after.filter((member) => {
      const old = previous.get(member.essmsId);
      return old !== undefined && old.softwareSituation !== member.softwareSituation;
    }),
  };
}

/** Minimum number of distinct OGs in a grappe (seed phase: 3), when the campaign sets one. */
export function checkOrganisationCount(distinctOrganisations: number, minimum: number | null): { ok: true } | { ok: false; message: string } {
  if (minimum === null || distinctOrganisations >= minimum) return { ok: true };
  return {
    ok: false,
    message: `La grappe réunit ${distinctOrganisations} organisme${distinctOrganisations > 1 ? 's' : ''} gestionnaire${distinctOrganisations > 1 ? 's' : ''} : cette campagne en demande au moins ${minimum}.`,
  };
}

export interface ProjectSnapshotInput {
  name: string;
  status: string;
  callType: string;
  envelopeId: string | null;
  duiSoftwareId: number | null;
  requestedCents: Cents;
  computedGrantCents: Cents;
  grantedCents: Cents | null;
  grantOverrideJustification: string | null;
  decidedOn: string | null;
  conventionSignedOn: string | null;
  essmsCount: number;
  members: readonly { finess: string; softwareSituation: SoftwareSituation; live: boolean }[];
}

/**
 * The audited fields of a project, flat, so that `diff` gives field-level changes: each member is its own field
 * (`members.<FINESS>` → its situation, suffixed « (libéré) » once released).
 */
export function projectSnapshot(input: ProjectSnapshotInput): Record<string, unknown> {
  const { members, ...fields } = input;
  const snapshot: Record<string, unknown> = { ...fields };
  for (const member of [...members].sort((a, b) => a.finess.localeCompare(b.finess))) {
    snapshot[`members.${member.finess}`] = member.live ? member.softwareSituation : `${member.softwareSituation} (libéré)`;
  }
  return snapshot;
}

/** One formatter for the process: building an Intl.DateTimeFormat costs far more than formatting with it. */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Europe/Paris (YYYY-MM-DD): the users' calendar day, whatever the server's time zone. */
export function todayInParis(now: Date = new Date()): string {
  return PARIS_DAY.format(now);
}

/** A real calendar date `YYYY-MM-DD` (2024-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Escapes LIKE wildcards of a user search. */
export function likePattern(search: string): string {
  return `%${search.trim().toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
