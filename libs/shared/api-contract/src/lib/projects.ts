import type {
  CallType,
  EssmsSector,
  MilestoneStatus,
  ProjectStatus,
  RiskLevel,
  SoftwareSituation,
  Territory,
} from '@esms/domain';

/**
 * Projects (grappes), their members, workflow, grant, milestones with evidence, payments (tranches), comments
 * and history. Money is in integer cents; dates are ISO `YYYY-MM-DD`; times are ISO 8601 (UTC).
 */

export interface ProjectRegionRef {
  /** INSEE region code ("53"). */
  code: string;
  name: string;
}

export interface ProjectPorteurRef {
  id: string;
  name: string;
}

export interface NextMilestoneRef {
  code: string;
  label: string;
  dueOn: string;
}

/** One line of `GET /api/projects`. */
export interface ProjectSummary {
  id: string;
  /** « 2024-53-0007 »: campaign, region, sequence. */
  code: string;
  name: string;
  campaignYear: number;
  region: ProjectRegionRef;
  porteur: ProjectPorteurRef;
  callType: CallType;
  /** « Appel à projets régional / national ». */
  callTypeLabel: string;
  status: ProjectStatus;
  /** French label (« Dossier déposé », « Retenu »…). */
  statusLabel: string;
  essmsCount: number;
  requestedCents: number;
  computedGrantCents: number;
  /** Null until the project is retained (unless an amount was set by hand before). */
  grantedCents: number | null;
  /** Milestones past their due date and not validated (« Jalon en retard »), for projects under way. */
  lateMilestones: number;
  /** The earliest milestone still to be reached. */
  nextMilestone: NextMilestoneRef | null;
  updatedAt: string;
  version: number;
  /** Risk score (0–100) and level of the project's last computation; null while it has never been scored. */
  riskScore: number | null;
  riskLevel: RiskLevel | null;
}

export const PROJECT_SORT_KEYS = [
  'code',
  'name',
  'campaignYear',
  'region',
  'status',
  'essmsCount',
  'requestedCents',
  'computedGrantCents',
  'grantedCents',
  'lateMilestones',
  'nextDueOn',
  'updatedAt',
  'riskScore',
] as const;
export type ProjectSortKey = (typeof PROJECT_SORT_KEYS)[number];

/** Query of `GET /api/projects` (all optional). `sort` is a key, `-key` for descending. */
export interface ProjectListQuery {
  campaign?: number;
  region?: string;
  /** One status or several separated by commas. */
  status?: string;
  callType?: CallType;
  /** Searched in the code, the name and the porteur's name. */
  q?: string;
  late?: boolean;
  /** One risk level or several separated by commas (FAIBLE, MODERE, ELEVE, CRITIQUE). */
  riskLevel?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface ProjectMemberInput {
  essmsId: string;
  softwareSituation: SoftwareSituation;
}

export interface CreateProjectRequest {
  name: string;
  campaignYear: number;
  regionCode: string;
  porteurOgId: string;
  duiSoftwareId?: number | null;
  members: ProjectMemberInput[];
  requestedCents: number;
}

/** Optimistic locking: `version` is the version read (or send it in `If-Match`). */
export interface UpdateProjectRequest {
  version?: number;
  name?: string;
  duiSoftwareId?: number | null;
  requestedCents?: number;
  members?: ProjectMemberInput[];
  /** An amount other than the computed one needs `grantOverrideJustification` (≥ 10 characters); null reverts to the computed amount. */
  grantedCents?: number | null;
  grantOverrideJustification?: string | null;
}

export interface ProjectTransitionRequest {
  to: ProjectStatus;
  /** The version read (or send it in `If-Match`). */
  version?: number;
  /** Decision date (retained: milestones are planned from it; convention signed; recovery requested). Defaults to today. */
  decidedOn?: string;
  comment?: string;
  /** Only for « Récupération demandée »: at most what was paid. */
  recoveryAmountCents?: number;
}

export interface ProjectMemberResponse {
  essmsId: string;
  finess: string;
  name: string;
  categoryCode: string;
  categoryLabel: string;
  sector: EssmsSector;
  sectorLabel: string;
  regionCode: string;
  ogId: string;
  ogName: string;
  softwareSituation: SoftwareSituation;
  /** « Acquisition / Mise en conformité ». */
  softwareSituationLabel: string;
  /** False once the project is refused or abandoned: the ESSMS may join another project of the campaign. */
  live: boolean;
}

export interface DuiSoftwareRef {
  id: number;
  editor: string;
  product: string;
  version: string;
  segurWave: number | null;
  segurReferenced: boolean;
  segurReferencedAt: string | null;
}

export interface ProjectEnvelopeRef {
  id: string;
  campaignYear: number;
  holderKind: 'NATIONAL' | 'ARS' | 'GRADES';
  regionCode: string | null;
  line: string;
  delegatedCents: number;
  committedCents: number;
  paidCents: number;
  /** « Reste à engager »: delegated − committed. */
  remainingCents: number;
}

export interface StatusOption {
  status: ProjectStatus;
  label: string;
}

export interface ProjectDetail extends ProjectSummary {
  territory: Territory;
  porteurFiness: string;
  duiSoftware: DuiSoftwareRef | null;
  envelope: ProjectEnvelopeRef | null;
  /** French explanation of the computed amount (funding table line by line), as computed last. */
  computedGrantExplanation: string | null;
  grantOverrideJustification: string | null;
  /** Date of the funding decision (retained or refused). */
  decidedOn: string | null;
  conventionSignedOn: string | null;
  usageDeadline: string | null;
  tranche1Percent: number;
  /** Σ of the tranches paid. */
  paidCents: number;
  members: ProjectMemberResponse[];
  milestones: MilestoneResponse[];
  payments: PaymentResponse[];
  /** Statuses this user may move the project to now. */
  allowedTransitions: StatusOption[];
  createdAt: string;
}

export interface EvidenceResponse {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** The member ESSMS a per-ESSMS milestone row tracks. */
export interface MilestoneEssmsRef {
  id: string;
  /** FINESS géographique. */
  finess: string;
  name: string;
}

export interface MilestoneResponse {
  id: string;
  projectId: string;
  code: string;
  label: string;
  position: number;
  importance: number;
  /** The type is tracked once per member ESSMS (DUI déployé, INS qualifiée…): this row is one member's. */
  perEssms: boolean;
  /** The member ESSMS of a per-ESSMS row; null for a project-level milestone. */
  essms: MilestoneEssmsRef | null;
  dueOn: string;
  status: MilestoneStatus;
  statusLabel: string;
  /** « Jalon en retard »: due date passed, not validated, project under way. */
  late: boolean;
  daysLate: number;
  declaredAt: string | null;
  declarationComment: string | null;
  indicatorValues: Record<string, number> | null;
  validatedArsAt: string | null;
  validatedCnsaAt: string | null;
  rejectionComment: string | null;
  evidence: EvidenceResponse[];
  version: number;
}

/** `POST /api/milestones/:id/declaration` as JSON (or multipart/form-data with files in `files`). */
export interface MilestoneDeclarationRequest {
  /** The version read (or send it in `If-Match`). */
  version?: number;
  comment: string;
  indicatorValues?: Record<string, number>;
}

export interface MilestoneValidationRequest {
  /** The version read (or send it in `If-Match`). */
  version?: number;
  level: 'ARS' | 'CNSA';
}

export interface MilestoneRejectionRequest {
  /** The version read (or send it in `If-Match`). */
  version?: number;
  comment: string;
}

export type PaymentStatus = 'A_VERSER' | 'VERSE' | 'ANNULE' | 'RECUPERATION_DEMANDEE';

export interface PaymentResponse {
  id: string;
  projectId: string;
  tranche: 1 | 2;
  amountCents: number;
  status: PaymentStatus;
  /** « À verser », « Versé », « Annulé », « Récupération demandée ». */
  statusLabel: string;
  paidOn: string | null;
  reference: string | null;
  recoveryAmountCents: number | null;
  recoveryRequestedOn: string | null;
  /** How the amount was computed, in French. */
  explanation: string;
  version: number;
}

export interface MarkPaymentPaidRequest {
  /** The version read (or send it in `If-Match`). */
  version?: number;
  paidOn: string;
  reference: string;
}

export type CommentVisibility = 'TOUS' | 'CNSA';

export interface CommentResponse {
  id: string;
  projectId: string;
  milestoneId: string | null;
  author: { id: string | null; displayName: string | null; organisation: string | null };
  body: string;
  /** Set at publication, never changed by an edit. */
  visibility: CommentVisibility;
  createdAt: string;
  /** « Modifié le … »: the last edit, null while never edited (every edit is kept in the audit log). */
  editedAt: string | null;
  /** Whether the user reading it may edit and delete it (its author, while they see the project; never the auditor). */
  canEdit: boolean;
  version: number;
}

export interface CreateCommentRequest {
  body: string;
  milestoneId?: string;
  /** CNSA: internal to the CNSA (invisible to ARS and GRADeS); only CNSA staff may write one. */
  visibility?: CommentVisibility;
}

/** `PATCH /api/projects/:id/comments/:commentId` (its author only). The visibility cannot change. */
export interface UpdateCommentRequest {
  /** The version read (or send it in `If-Match`). */
  version?: number;
  body: string;
}

/** `DELETE /api/projects/:id/comments/:commentId` (its author only): the version read, in the body or `If-Match`. */
export interface DeleteCommentRequest {
  version?: number;
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One audit row of a project or of its members, milestones and payments. */
export interface HistoryEntry {
  id: string;
  occurredAt: string;
  actor: { id: string | null; email: string | null; displayName: string | null };
  action: string;
  entityType: string;
  entityId: string;
  changes: HistoryChange[];
}
