import { createHash } from 'node:crypto';

import {
  CallType,
  CampaignThresholds,
  callTypeFor,
  computeGrant,
  departementsOfRegion,
  EssmsSector,
  explainTranches,
  finessCheckDigit,
  FundingRule,
  holdsCommitment,
  minimumEssms,
  parseFiness,
  ProjectStatus,
  RELEASED_STATUSES,
  SoftwareSituation,
  splitTranches,
  Territory,
} from '@esms/domain';

import { diff } from '../../modules/audit/audit.service';
import { formatProjectCode } from '../../modules/projects/project-rules';
import { apportion, SeedRandom } from './seed-random';
import { dayOf, dayOfMoment, isoOfDay, momentOf } from './seed-timeline';
import {
  ABANDON_REASONS,
  CATEGORY_PROFILES,
  CNSA_COMMENTS,
  DECLARATION_COMMENTS,
  DepartementInfo,
  DEPARTEMENTS,
  DUI_SOFTWARE,
  essmsName,
  GRAPPE_THEMES,
  NameContext,
  NEIGHBOUR_REGIONS,
  OG_KINDS,
  OgKind,
  ofTown,
  ogName,
  OVERRIDE_JUSTIFICATIONS,
  PROJECT_COMMENTS,
  REFUSAL_REASONS,
  REGION_SLUGS,
  REJECTION_COMMENTS,
} from './seed-vocabulary';

/* ------------------------------------------------------------------------------------------------------------ */
/* Inputs: the reference data read from the database (campaign rules are editable: never hard-coded here).      */
/* ------------------------------------------------------------------------------------------------------------ */

export interface CampaignInfo {
  year: number;
  instructionDate: string | null;
  thresholds: CampaignThresholds;
  minOrganisations: number | null;
  tranche1Percent: number;
  usageDeadline: string | null;
  fundingRules: FundingRule[];
  /** The catalogue; `perEssms` types get one milestone per member ESSMS. */
  milestoneTypes: { id: number; code: string; delayDays: number; perEssms: boolean }[];
  indicators: { code: string; target: number }[];
}

export interface SeedReference {
  regions: { code: string; territory: Territory }[];
  grades: { id: number; code: string; regionCodes: string[] }[];
  categories: ReadonlyMap<string, EssmsSector>;
  campaigns: ReadonlyMap<number, CampaignInfo>;
  /** Ids of the demo accounts that exist, by e-mail (actors of the history when they exist). */
  users: ReadonlyMap<string, string>;
}

export type SeedScale = 'demo' | 'france';

interface ScaleSettings {
  essms: number;
  og: number;
  projects: number;
  campaigns: number[];
  campaignWeights: number[];
  nationalPerCampaign: number;
  /** Audit rows wanted in all (the history is completed by monthly FINESS updates); null: only the history. */
  auditRows: number | null;
  sizeMean: { metropole: number; reduced: number; national: number };
  /** OGs' ESSMS counts are multiplied by this before being fitted to the totals. */
  ogSizeFactor: number;
  featured: boolean;
  evidence: boolean;
}

const SCALES: Readonly<Record<SeedScale, ScaleSettings>> = {
  demo: {
    essms: 4000,
    og: 600,
    projects: 150,
    campaigns: [2022, 2023, 2024, 2025],
    campaignWeights: [24, 25, 26, 25],
    nationalPerCampaign: 2,
    auditRows: null,
    sizeMean: { metropole: 7, reduced: 5, national: 18 },
    ogSizeFactor: 1.35,
    featured: true,
    evidence: true,
  },
  france: {
    essms: 40000,
    og: 10000,
    projects: 2000,
    campaigns: [2021, 2022, 2023, 2024, 2025],
    campaignWeights: [25, 20, 17, 19, 19],
    nationalPerCampaign: 20,
    auditRows: 1_000_000,
    // Median grappe ≈ 25 ESSMS (15 + exponential): with 4 per-ESSMS milestone types, ≈ 200 000 milestones.
    sizeMean: { metropole: 14, reduced: 10, national: 25 },
    ogSizeFactor: 0.8,
    featured: false,
    evidence: false,
  },
};

/**
 * The day the france data set describes (statuses, payments and milestones as they stood that day), fixed so that
 * it is deterministic; the demo describes the day before it runs (see `defaultAsOf` of programme-seed), never earlier.
 */
export const SEED_AS_OF = '2026-10-31';

/* ------------------------------------------------------------------------------------------------------------ */
/* Outputs: rows ready for the database, and the audit history.                                                   */
/* ------------------------------------------------------------------------------------------------------------ */

export interface Actor {
  id: string | null;
  email: string | null;
}

export interface AuditEvent {
  at: number;
  seq: number;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  regionCode: string | null;
  changes: Record<string, unknown>;
}

export interface OgRecord {
  id: string;
  finess: string;
  name: string;
  siren: string | null;
  regionCode: string;
  departement: string;
  town: string;
  kind: OgKind;
  createdAt: number;
}

export interface EssmsRecord {
  id: string;
  finess: string;
  name: string;
  categoryCode: string;
  sector: EssmsSector;
  departement: string;
  regionCode: string;
  og: number;
  capacity: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface SoftwareRecord {
  id: number;
  editor: string;
  product: string;
  version: string;
  wave: number | null;
  referenced: boolean;
  referencedAt: string | null;
  regions: readonly string[] | undefined;
  createdAt: number;
}

export interface EnvelopeRecord {
  id: string;
  year: number;
  holderKind: 'NATIONAL' | 'ARS' | 'GRADES';
  regionCode: string | null;
  gradesId: number | null;
  line: 'PROJETS' | 'SOUTIEN_REGIONAL' | 'FRAIS_GESTION';
  initialCents: number;
  delegatedCents: number;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface AmendmentRecord {
  id: string;
  envelope: number;
  deltaCents: number;
  reason: string;
  decidedOn: string;
  createdBy: string | null;
  createdAt: number;
}

export interface TransferRecord {
  id: string;
  year: number;
  from: number;
  to: number;
  amountCents: number;
  reason: string;
  decidedOn: string;
  createdBy: string | null;
  createdAt: number;
}

export interface MemberRecord {
  project: number;
  essms: number;
  year: number;
  situation: SoftwareSituation;
  live: boolean;
  addedAt: number;
}

export interface ProjectRecord {
  id: string;
  code: string;
  name: string;
  year: number;
  regionCode: string;
  porteur: number;
  softwareId: number;
  callType: CallType;
  envelope: number;
  status: ProjectStatus;
  requestedCents: number;
  computedCents: number;
  computedExplanation: string;
  /** Day of the funding decision (retained or refused), if taken. */
  decidedOn: string | null;
  grantedCents: number | null;
  justification: string | null;
  conventionSignedOn: string | null;
  usageDeadline: string | null;
  essmsCount: number;
  createdBy: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface MilestoneRecord {
  id: string;
  project: number;
  typeId: number;
  /** The member ESSMS (index) of a per-ESSMS milestone; null for a project-level one. */
  essms: number | null;
  dueOn: string;
  status: 'A_VENIR' | 'DECLARE' | 'VALIDE_ARS' | 'VALIDE_CNSA' | 'REJETE' | 'NON_ATTEINT';
  declaredAt: number | null;
  declaredBy: string | null;
  declarationComment: string | null;
  indicatorValues: Record<string, number> | null;
  validatedArsAt: number | null;
  validatedArsBy: string | null;
  validatedCnsaAt: number | null;
  validatedCnsaBy: string | null;
  rejectionComment: string | null;
  version: number;
  updatedAt: number;
}

export interface PaymentRecord {
  id: string;
  project: number;
  tranche: 1 | 2;
  amountCents: number;
  status: 'A_VERSER' | 'VERSE' | 'ANNULE' | 'RECUPERATION_DEMANDEE';
  paidOn: string | null;
  reference: string | null;
  recoveryCents: number | null;
  recoveryOn: string | null;
  explanation: string;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface CommentRecord {
  id: string;
  project: number;
  milestone: number | null;
  authorId: string | null;
  body: string;
  visibility: 'TOUS' | 'CNSA';
  createdAt: number;
}

export interface EvidenceRecord {
  id: string;
  milestone: number;
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: number;
}

/** Monthly FINESS updates of ESSMS capacities that complete the history up to the wanted audit volume. */
export interface CapacityUpdates {
  /** ESSMS (indexes) that receive updates, in round-robin order. */
  essms: number[];
  /** Total number of updates. */
  count: number;
  /** First day of the monthly updates, and the number of months. */
  firstMonth: { year: number; month: number };
  months: number;
}

export interface SeedDataset {
  scale: SeedScale;
  factor: number;
  asOf: string;
  ogs: OgRecord[];
  essms: EssmsRecord[];
  software: SoftwareRecord[];
  envelopes: EnvelopeRecord[];
  amendments: AmendmentRecord[];
  transfers: TransferRecord[];
  projects: ProjectRecord[];
  members: MemberRecord[];
  milestones: MilestoneRecord[];
  payments: PaymentRecord[];
  comments: CommentRecord[];
  evidence: EvidenceRecord[];
  events: AuditEvent[];
  capacityUpdates: CapacityUpdates | null;
}

/* ------------------------------------------------------------------------------------------------------------ */

const MILLION = 100_000_000; // cents
const HOUR = 3_600_000;

/** Envelopes of ../shared/domain.md, in cents. Regional credits = ARS projects + GRADeS regional support. */
interface EnvelopePlan {
  arsProjects: number;
  grades: number;
  national: number;
  fees: number;
  amendments: { totalCents: number; decidedOn: string; reason: string }[];
}

const ENVELOPE_PLANS: Readonly<Record<number, EnvelopePlan>> = {
  2021: {
    arsProjects: 30 * MILLION,
    grades: 0,
    national: 0,
    fees: 0,
    amendments: [
      {
        totalCents: 100 * MILLION,
        decidedOn: '2021-07-15',
        reason:
          "Amorçage, second temps : 100 M€ de crédits Ségur s'ajoutent aux 30 M€ de fonds propres de la CNSA.",
      },
    ],
  },
  2022: {
    arsProjects: 80.6 * MILLION,
    grades: 3.4 * MILLION,
    national: 16 * MILLION,
    fees: 0,
    amendments: [],
  },
  2023: {
    arsProjects: 65.3 * MILLION,
    grades: 1.7 * MILLION,
    national: 16.7 * MILLION,
    fees: 0.3 * MILLION,
    amendments: [],
  },
  2024: {
    arsProjects: 69.8 * MILLION,
    grades: 1.7 * MILLION,
    national: 15.2 * MILLION,
    fees: 0.3 * MILLION,
    amendments: [],
  },
  2025: {
    arsProjects: 68.3 * MILLION,
    grades: 1.7 * MILLION,
    national: 12.7 * MILLION,
    fees: 0.3 * MILLION,
    amendments: [
      {
        totalCents: -6.5 * MILLION,
        decidedOn: '2025-09-02',
        reason:
          "Instruction DNS/DGCS/CNSA/2025/100 du 2 septembre 2025 : l'enveloppe 2025 passe de 83 à 76,5 M€, les crédits des ARS de 70 à 63,5 M€.",
      },
    ],
  },
};

/** Transfers between ARS (from, to, amount in cents): the 7.2 M€ redeployment of 2023 is split over several ARS. */
const TRANSFER_PLANS: readonly {
  year: number;
  decidedOn: string;
  reason: string;
  moves: [string, string, number][];
}[] = [
  {
    year: 2022,
    decidedOn: '2022-10-20',
    reason:
      'Sous-consommation des crédits 2022 en Centre-Val de Loire : redéploiement vers la Bretagne (liste complémentaire).',
    moves: [['24', '53', 1.2 * MILLION]],
  },
  {
    year: 2023,
    decidedOn: '2023-10-12',
    reason:
      "Redéploiement de 7,2 M€ de crédits 2023 non engagés (Île-de-France, Auvergne-Rhône-Alpes) vers la Bretagne, l'Occitanie et les Hauts-de-France.",
    moves: [
      ['11', '53', 2.5 * MILLION],
      ['11', '76', 1.2 * MILLION],
      ['84', '76', 1.5 * MILLION],
      ['84', '32', 2.0 * MILLION],
    ],
  },
  {
    year: 2024,
    decidedOn: '2024-09-18',
    reason: 'Crédits 2024 non consommés : redéploiement entre ARS décidé en comité national de suivi.',
    moves: [
      ['28', '52', 0.8 * MILLION],
      ['94', '04', 0.35 * MILLION],
    ],
  },
];

type Outcome = 'SUCCESS' | 'FAIL' | 'REFUSE' | 'ABANDON_BEFORE' | 'ABANDON_AFTER' | 'PENDING';

interface Plan {
  outcome: Outcome;
  /** Where a project stops (not yet further, or stuck there); undefined: to the end of its path. */
  stopAt?: ProjectStatus;
  recovery?: boolean;
  closeAfterFailure?: boolean;
  slow?: boolean;
  session?: 1 | 2;
  override?: boolean;
  multiRegion?: boolean;
}

interface Slot {
  regionCode: string;
  year: number;
  national: boolean;
  plan: Plan;
  deposit: number;
}

/** Showcase projects of the demo (the demo accounts' regions), so that their screens show every situation. */
const FEATURED: readonly { region: string; year: number; plan: Plan }[] = [
  { region: '53', year: 2022, plan: { outcome: 'SUCCESS' } },
  { region: '53', year: 2022, plan: { outcome: 'FAIL', recovery: true } },
  { region: '53', year: 2023, plan: { outcome: 'SUCCESS', stopAt: 'SOLDE', override: true } },
  { region: '53', year: 2023, plan: { outcome: 'SUCCESS', stopAt: 'USAGE_DECLARE', slow: true } },
  { region: '53', year: 2023, plan: { outcome: 'REFUSE' } },
  { region: '53', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'DUI_DEPLOYE', slow: true } },
  {
    region: '53',
    year: 2024,
    plan: { outcome: 'SUCCESS', stopAt: 'CONVENTION_SIGNEE', slow: true, multiRegion: true },
  },
  { region: '53', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'CIBLES_VALIDEES' } },
  { region: '53', year: 2025, plan: { outcome: 'SUCCESS' } },
  { region: '53', year: 2025, plan: { outcome: 'SUCCESS', session: 2 } },
  { region: '53', year: 2025, plan: { outcome: 'PENDING', session: 2 } },
  { region: '53', year: 2025, plan: { outcome: 'ABANDON_BEFORE' } },
  { region: '76', year: 2022, plan: { outcome: 'SUCCESS' } },
  { region: '76', year: 2022, plan: { outcome: 'FAIL' } },
  { region: '76', year: 2023, plan: { outcome: 'FAIL', recovery: true, closeAfterFailure: true } },
  { region: '76', year: 2023, plan: { outcome: 'ABANDON_AFTER' } },
  { region: '76', year: 2023, plan: { outcome: 'SUCCESS', stopAt: 'SOLDE' } },
  { region: '76', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'CIBLES_VALIDEES', override: true } },
  { region: '76', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'USAGE_DECLARE' } },
  { region: '76', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'DUI_DEPLOYE', slow: true } },
  { region: '76', year: 2025, plan: { outcome: 'SUCCESS' } },
  { region: '76', year: 2025, plan: { outcome: 'SUCCESS', session: 2 } },
  { region: '76', year: 2025, plan: { outcome: 'REFUSE', session: 1 } },
  { region: '76', year: 2025, plan: { outcome: 'PENDING', session: 2 } },
  { region: '04', year: 2022, plan: { outcome: 'SUCCESS' } },
  { region: '04', year: 2022, plan: { outcome: 'FAIL', recovery: true } },
  { region: '04', year: 2023, plan: { outcome: 'SUCCESS', stopAt: 'SOLDE' } },
  { region: '04', year: 2023, plan: { outcome: 'REFUSE' } },
  { region: '04', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'DUI_DEPLOYE', slow: true } },
  { region: '04', year: 2024, plan: { outcome: 'SUCCESS', stopAt: 'USAGE_DECLARE' } },
  { region: '04', year: 2025, plan: { outcome: 'SUCCESS', session: 2 } },
  { region: '04', year: 2025, plan: { outcome: 'SUCCESS' } },
];

const SUCCESS_PATH: readonly ProjectStatus[] = [
  'DEPOSE',
  'RETENU',
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'USAGE_DECLARE',
  'CIBLES_VALIDEES',
  'SOLDE',
  'CLOTURE',
];

function pathOf(plan: Plan): ProjectStatus[] {
  switch (plan.outcome) {
    case 'PENDING':
      return ['DEPOSE'];
    case 'REFUSE':
      return ['DEPOSE', 'REFUSE'];
    case 'ABANDON_BEFORE':
      return ['DEPOSE', 'ABANDONNE'];
    case 'ABANDON_AFTER':
      return ['DEPOSE', 'RETENU', 'ABANDONNE'];
    case 'FAIL': {
      const path: ProjectStatus[] = [
        'DEPOSE',
        'RETENU',
        'CONVENTION_SIGNEE',
        'DUI_DEPLOYE',
        'USAGE_DECLARE',
        'SOLDE_ANNULE',
      ];
      if (plan.recovery) path.push('RECUPERATION_DEMANDEE');
      if (plan.closeAfterFailure) path.push('CLOTURE');
      return cutAt(path, plan.stopAt);
    }
    default:
      return cutAt([...SUCCESS_PATH], plan.stopAt);
  }
}

function cutAt(path: ProjectStatus[], stopAt: ProjectStatus | undefined): ProjectStatus[] {
  if (!stopAt) return path;
  const index = path.indexOf(stopAt);
  return index < 0 ? path : path.slice(0, index + 1);
}

function randomPlan(rng: SeedRandom, year: number, lastYear: number): Plan {
  const session: 1 | 2 = year === lastYear && rng.chance(0.3) ? 2 : 1;
  const slow = rng.chance(0.18);
  const override = rng.chance(0.04);
  const multiRegion = rng.chance(0.03);
  const outcome = rng.weighted<Outcome>(
    ['SUCCESS', 'FAIL', 'REFUSE', 'ABANDON_BEFORE', 'ABANDON_AFTER', 'PENDING'],
    [73, 12, 9, 2, 4, year === lastYear ? 6 : 0],
  );
  if (outcome === 'SUCCESS') {
    const stopAt = rng.chance(0.24)
      ? rng.weighted<ProjectStatus>(
          ['CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES', 'SOLDE'],
          [1, 3, 3, 1, 3],
        )
      : undefined;
    return { outcome, stopAt, slow, session, override, multiRegion };
  }
  if (outcome === 'FAIL') {
    return {
      outcome,
      recovery: rng.chance(0.5),
      closeAfterFailure: rng.chance(0.4),
      stopAt: rng.chance(0.15) ? rng.pick<ProjectStatus>(['CONVENTION_SIGNEE', 'DUI_DEPLOYE']) : undefined,
      slow,
      session,
      multiRegion,
    };
  }
  return { outcome, slow, session, multiRegion };
}

/** The date of each step of a path (days), before the cut at the as-of day. */
function stepDays(
  path: readonly ProjectStatus[],
  deposit: number,
  rng: SeedRandom,
  slow: boolean,
): Map<ProjectStatus, number> {
  const factor = slow ? 1.45 : 1;
  const days = new Map<ProjectStatus, number>([['DEPOSE', deposit]]);
  const decision = deposit + rng.int(35, 100);
  let last = deposit;
  for (const status of path.slice(1)) {
    let day: number;
    switch (status) {
      case 'RETENU':
      case 'REFUSE':
        day = decision;
        break;
      case 'ABANDONNE':
        day = path.includes('RETENU') ? decision + rng.int(30, 200) : deposit + rng.int(20, 60);
        break;
      case 'CONVENTION_SIGNEE':
        day = decision + Math.round(rng.int(25, 100) * factor);
        break;
      case 'DUI_DEPLOYE':
        day = decision + Math.round(rng.int(250, 400) * factor);
        break;
      case 'USAGE_DECLARE':
        day = decision + Math.round(rng.int(560, 700) * factor);
        break;
      case 'CIBLES_VALIDEES':
        day = last + rng.int(25, 80);
        break;
      case 'SOLDE':
        day = last + rng.int(15, 60);
        break;
      case 'SOLDE_ANNULE':
        day = last + rng.int(30, 90);
        break;
      case 'RECUPERATION_DEMANDEE':
        day = last + rng.int(15, 60);
        break;
      case 'CLOTURE':
        day = last + (path.includes('SOLDE') ? rng.int(30, 150) : rng.int(60, 180));
        break;
      default:
        day = last + 1;
    }
    day = Math.max(day, last + 1);
    days.set(status, day);
    last = day;
  }
  return days;
}

/* ------------------------------------------------------------------------------------------------------------ */

class AuditCollector {
  readonly events: AuditEvent[] = [];
  private seq = 0;

  add(
    at: number,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    regionCode: string | null,
    changes: Record<string, unknown>,
  ): AuditEvent {
    const event: AuditEvent = {
      at,
      seq: this.seq++,
      actor,
      action,
      entityType,
      entityId,
      regionCode,
      changes,
    };
    this.events.push(event);
    return event;
  }
}

interface PoolState {
  /** Free ESSMS of each OG (indexes), by OG index. */
  free: number[][];
  /** ESSMS released by a refused or abandoned project, free again from a day on. */
  released: { essms: number; og: number; from: number }[];
}

function regionWeights(reference: SeedReference): Map<string, number> {
  const weights = new Map<string, number>();
  for (const region of reference.regions) {
    const population = departementsOfRegion(region.code).reduce(
      (sum, code) => sum + (DEPARTEMENTS.get(code)?.population ?? 0),
      0,
    );
    weights.set(region.code, Math.max(1, population));
  }
  return weights;
}

function departementInfo(code: string): DepartementInfo {
  const info = DEPARTEMENTS.get(code);
  if (!info) throw new Error(`Département sans vocabulaire : ${code}.`);
  return info;
}

/** The body of a FINESS number (8 characters) for a département and a sequence number; the key completes it. */
function finessOf(departement: string, sequence: number): string {
  let body: string;
  if (departement === '976') {
    body = `980${String(sequence).padStart(5, '0')}`;
  } else if (departement.length === 3) {
    body = `970${departement.charAt(2)}${String(sequence).padStart(4, '0')}`;
  } else {
    body = `${departement}0${String(sequence).padStart(5, '0')}`;
  }
  // The key rule of 2A/2B is not published: any digit passes the format check; a Luhn key over "20…" is used.
  const key =
    departement === '2A' || departement === '2B'
      ? finessCheckDigit(`20${body.slice(2)}`)
      : finessCheckDigit(body);
  return `${body}${key}`;
}

function sirenOf(rng: SeedRandom): string {
  const body = `${rng.int(1, 9)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  return `${body}${finessCheckDigit(body)}`;
}

/** Generates a whole data set in memory, deterministically from the seed. */
export function generateDataset(
  reference: SeedReference,
  scale: SeedScale,
  factor = 1,
  seed = 20_251_102,
  asOfDate: string = SEED_AS_OF,
): SeedDataset {
  const settings = SCALES[scale];
  const rng = new SeedRandom(seed + (scale === 'france' ? 7 : 0));
  const asOf = dayOf(asOfDate);
  const audit = new AuditCollector();
  const campaigns = settings.campaigns.filter((year) => reference.campaigns.has(year));
  if (campaigns.length === 0)
    throw new Error(
      'Aucune campagne en base pour ce jeu de données : les migrations sont-elles appliquées ?',
    );
  const lastYear = campaigns[campaigns.length - 1] ?? 2025;
  const firstInstruction = Math.min(...campaigns.map((year) => instructionDay(reference, year)));
  const importDay = firstInstruction - 60;

  const moment = (day: number): number =>
    momentOf(day, (7 + rng.int(0, 9)) * HOUR + rng.int(0, 59) * 60_000 + rng.int(0, 59) * 1000);
  const userId = (email: string): string | null => reference.users.get(email) ?? null;
  const cnsaAdmin: Actor = { id: userId('admin@cnsa.demo'), email: 'admin@cnsa.demo' };
  const cnsaAnalyst: Actor = { id: userId('analyste@cnsa.demo'), email: 'analyste@cnsa.demo' };
  const system: Actor = { id: null, email: null };
  const arsActor = (regionCode: string): Actor => {
    const email = `ars.${REGION_SLUGS[regionCode] ?? regionCode}@ars.demo`;
    return { id: userId(email), email };
  };

  const weights = regionWeights(reference);
  const regionCodes = reference.regions.map((region) => region.code);
  const territory = new Map(reference.regions.map((region) => [region.code, region.territory] as const));

  /* ---------- Slots: which projects, where, when ---------- */
  const projectTotal = Math.max(1, Math.round(settings.projects * factor));
  const perCampaign = apportion(projectTotal, settings.campaignWeights.slice(0, campaigns.length));
  const slots: Slot[] = [];
  const featured = settings.featured && factor >= 1 ? FEATURED : [];
  for (const [campaignIndex, year] of campaigns.entries()) {
    const campaign = reference.campaigns.get(year);
    const count = perCampaign[campaignIndex] ?? 0;
    const nationalCount =
      campaign?.thresholds.nationalCallMinEssms === null
        ? 0
        : Math.min(Math.round(settings.nationalPerCampaign * Math.min(1, factor * 4)), Math.floor(count / 5));
    const forced = featured.filter((entry) => entry.year === year);
    const floors = regionCodes.map((code, regionIndex) => {
      if (!settings.featured) return 0;
      const pinned = forced.filter((entry) => entry.region === code).length;
      if (pinned > 0) return pinned;
      if (territory.get(code) === 'metropole') return 1;
      return (campaignIndex + regionIndex) % 2 === 0 ? 1 : 0;
    });
    const regional = apportion(
      Math.max(0, count - nationalCount),
      regionCodes.map((code) => weights.get(code) ?? 1),
      floors,
    );
    const instruction = instructionDay(reference, year);
    for (const [regionIndex, code] of regionCodes.entries()) {
      const plans = forced.filter((entry) => entry.region === code).map((entry) => entry.plan);
      for (let index = 0; index < (regional[regionIndex] ?? 0); index++) {
        const plan = plans[index] ?? randomPlan(rng, year, lastYear);
        slots.push({
          regionCode: code,
          year,
          national: false,
          plan,
          deposit: depositDay(rng, instruction, year, lastYear, plan),
        });
      }
    }
    const nationalRegions = regionCodes.filter((code) => territory.get(code) === 'metropole');
    for (let index = 0; index < nationalCount; index++) {
      const code = rng.weighted(
        nationalRegions,
        nationalRegions.map((region) => weights.get(region) ?? 1),
      );
      const plan = randomPlan(rng, year, lastYear);
      plan.multiRegion = rng.chance(0.4);
      slots.push({
        regionCode: code,
        year,
        national: true,
        plan,
        deposit: depositDay(rng, instruction, year, lastYear, plan),
      });
    }
  }
  slots.sort((a, b) => a.deposit - b.deposit);

  /* ---------- Referential: OGs and ESSMS, region by region ---------- */
  const expectedSize = (slot: Slot): number => {
    const campaign = reference.campaigns.get(slot.year);
    if (!campaign) return 0;
    if (slot.national) return (campaign.thresholds.nationalCallMinEssms ?? 50) + settings.sizeMean.national;
    const terr = territory.get(slot.regionCode) ?? 'metropole';
    return (
      minimumEssms(campaign.thresholds, terr) +
      (terr === 'metropole' ? settings.sizeMean.metropole : settings.sizeMean.reduced)
    );
  };
  const demand = new Map<string, number>();
  for (const slot of slots)
    demand.set(slot.regionCode, (demand.get(slot.regionCode) ?? 0) + expectedSize(slot));
  const populationTotal = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const essmsTotal = Math.max(regionCodes.length * 3, Math.round(settings.essms * factor));
  const demandTotal = [...demand.values()].reduce((sum, value) => sum + value, 0);
  const essmsWeights = regionCodes.map(
    (code) =>
      (demand.get(code) ?? 0) +
      0.15 * Math.max(demandTotal, essmsTotal) * ((weights.get(code) ?? 1) / populationTotal),
  );
  const essmsPerRegion = apportion(
    essmsTotal,
    essmsWeights,
    regionCodes.map(() => 2),
  );
  const ogTotal = Math.max(regionCodes.length, Math.min(essmsTotal, Math.round(settings.og * factor)));
  const ogPerRegion = apportion(
    ogTotal,
    essmsPerRegion,
    regionCodes.map(() => 1),
  ).map((count, index) => Math.min(count, essmsPerRegion[index] ?? 1));

  const ogs: OgRecord[] = [];
  const essms: EssmsRecord[] = [];
  const ogSequence = new Map<string, number>();
  const essmsSequence = new Map<string, number>();
  const nextSequence = (counters: Map<string, number>, departement: string, start: number): number => {
    const next = (counters.get(departement) ?? start) + rng.int(1, 4);
    counters.set(departement, next);
    return next;
  };
  const overseas = (departement: string): boolean => departement.length === 3 && departement !== '976';
  const regionOgs = new Map<string, number[]>();
  const categoryWeight = (code: string): number => CATEGORY_PROFILES[code]?.weight ?? 1;
  const coin = (): boolean => rng.chance(0.5);
  const pick = <T>(items: readonly T[]): T => rng.pick(items);
  let referentialClock = momentOf(importDay, 2 * HOUR);

  for (const [regionIndex, code] of regionCodes.entries()) {
    const departements = departementsOfRegion(code);
    const departementWeights = departements.map((departement) => departementInfo(departement).population);
    const ogCount = ogPerRegion[regionIndex] ?? 1;
    const essmsCount = essmsPerRegion[regionIndex] ?? ogCount;
    const kinds = Array.from({ length: ogCount }, () =>
      rng.weighted(
        OG_KINDS,
        OG_KINDS.map((kind) => kind.weight),
      ),
    );
    const rawSizes = kinds.map((kind) =>
      Math.max(1, Math.round(rng.int(kind.size[0], kind.size[1]) * settings.ogSizeFactor)),
    );
    const sizes = fitSizes(rawSizes, essmsCount, rng);
    const list: number[] = [];
    regionOgs.set(code, list);
    for (const [ogIndexInRegion, kind] of kinds.entries()) {
      const departement = rng.weighted(departements, departementWeights);
      const info = departementInfo(departement);
      const town =
        info.towns.length > 0
          ? rng.weighted(
              info.towns,
              info.towns.map((_town, index) => (index === 0 ? 3 : 1)),
            )
          : info.phrase;
      const context: NameContext = { regionCode: code, departement: info, town };
      const finess = finessOf(departement, nextSequence(ogSequence, departement, 0));
      const og: OgRecord = {
        id: rng.uuid(),
        finess,
        name: ogName(kind.code, context, pick, coin),
        siren: rng.chance(0.75) ? sirenOf(rng) : null,
        regionCode: code,
        departement,
        town,
        kind,
        createdAt: (referentialClock += rng.int(200, 4000)),
      };
      const ogIndex = ogs.push(og) - 1;
      list.push(ogIndex);
      audit.add(
        og.createdAt,
        system,
        'organisme_gestionnaire.create',
        'organisme_gestionnaire',
        og.id,
        code,
        diff(null, {
          finessJuridique: og.finess,
          name: og.name,
          siren: og.siren,
          regionCode: code,
        }),
      );
      const kindCategories = kind.categories;
      for (let index = 0; index < (sizes[ogIndexInRegion] ?? 1); index++) {
        const essmsDepartement = rng.chance(0.85)
          ? departement
          : rng.weighted(departements, departementWeights);
        const essmsInfo = departementInfo(essmsDepartement);
        const essmsTown =
          essmsDepartement === departement && rng.chance(0.6) ? town : rng.pick(essmsInfo.towns);
        const categoryCode = rng.weighted(kindCategories, kindCategories.map(categoryWeight));
        const sector = reference.categories.get(categoryCode);
        if (!sector) throw new Error(`Catégorie FINESS absente du référentiel : ${categoryCode}.`);
        const profile = CATEGORY_PROFILES[categoryCode];
        const capacity = profile?.capacity ? rng.int(profile.capacity[0], profile.capacity[1]) : null;
        const start = overseas(essmsDepartement) ? 3000 : 30000;
        const record: EssmsRecord = {
          id: rng.uuid(),
          finess: finessOf(essmsDepartement, nextSequence(essmsSequence, essmsDepartement, start)),
          name: essmsName(
            categoryCode,
            { regionCode: code, departement: essmsInfo, town: essmsTown },
            pick,
            coin,
          ),
          categoryCode,
          sector,
          departement: essmsDepartement,
          regionCode: code,
          og: ogIndex,
          capacity,
          createdAt: (referentialClock += rng.int(100, 2000)),
          updatedAt: 0,
          version: 1,
        };
        record.updatedAt = record.createdAt;
        essms.push(record);
      }
    }
  }
  checkFiness(ogs, essms);

  const essmsCreateEvents: AuditEvent[] = essms.map((record) =>
    audit.add(
      record.createdAt,
      system,
      'essms.create',
      'essms',
      record.id,
      record.regionCode,
      diff(null, {
        finessGeo: record.finess,
        name: record.name,
        categoryCode: record.categoryCode,
        departement: record.departement,
        regionCode: record.regionCode,
        ogId: ogs[record.og]?.id ?? null,
        capacity: record.capacity,
      }),
    ),
  );

  /* ---------- DUI software ---------- */
  const software: SoftwareRecord[] = DUI_SOFTWARE.map((entry, index) => ({
    id: index + 1,
    editor: entry.editor,
    product: entry.product,
    version: entry.version,
    wave: entry.wave,
    referenced: entry.referencedAt !== null,
    referencedAt: entry.referencedAt,
    regions: entry.regions,
    createdAt: momentOf(importDay - 5, 9 * HOUR + index * 60_000),
  }));
  for (const item of software) {
    audit.add(
      item.createdAt,
      cnsaAdmin,
      'dui_software.create',
      'dui_software',
      String(item.id),
      null,
      diff(null, {
        editor: item.editor,
        product: item.product,
        version: item.version,
        segurWave: item.wave,
        segurReferenced: item.referenced,
        segurReferencedAt: item.referencedAt,
      }),
    );
  }

  /* ---------- Envelopes, amendments, transfers ---------- */
  const envelopes: EnvelopeRecord[] = [];
  const amendments: AmendmentRecord[] = [];
  const transfers: TransferRecord[] = [];
  const arsEnvelope = new Map<string, number>();
  const nationalEnvelope = new Map<number, number>();
  const movements = new Map<
    number,
    { at: number; delta: number; action: string; reason: string; ref: string }[]
  >();
  const addEnvelope = (
    record: Omit<EnvelopeRecord, 'id' | 'delegatedCents' | 'createdAt' | 'updatedAt' | 'version'>,
    day: number,
  ): number => {
    const createdAt = moment(day);
    const index =
      envelopes.push({
        ...record,
        id: rng.uuid(),
        delegatedCents: record.initialCents,
        createdAt,
        updatedAt: createdAt,
        version: 1,
      }) - 1;
    movements.set(index, []);
    return index;
  };
  const kEuros = (cents: number): number => Math.round(cents / 100_000);
  for (const year of campaigns) {
    const plan = ENVELOPE_PLANS[year];
    if (!plan) continue;
    const day = instructionDay(reference, year) + 20;
    const arsParts = apportion(
      kEuros(plan.arsProjects),
      regionCodes.map((code) => weights.get(code) ?? 1),
    );
    for (const [index, code] of regionCodes.entries()) {
      arsEnvelope.set(
        `${year}|${code}`,
        addEnvelope(
          {
            year,
            holderKind: 'ARS',
            regionCode: code,
            gradesId: null,
            line: 'PROJETS',
            initialCents: (arsParts[index] ?? 0) * 100_000,
          },
          day,
        ),
      );
    }
    if (plan.grades > 0) {
      const gradesWeights = reference.grades.map(
        (grades) => grades.regionCodes.reduce((sum, code) => sum + (weights.get(code) ?? 0), 0) + 40,
      );
      const gradesParts = apportion(kEuros(plan.grades), gradesWeights);
      for (const [index, grades] of reference.grades.entries()) {
        addEnvelope(
          {
            year,
            holderKind: 'GRADES',
            regionCode: null,
            gradesId: grades.id,
            line: 'SOUTIEN_REGIONAL',
            initialCents: (gradesParts[index] ?? 0) * 100_000,
          },
          day,
        );
      }
    }
    if (plan.national > 0) {
      nationalEnvelope.set(
        year,
        addEnvelope(
          {
            year,
            holderKind: 'NATIONAL',
            regionCode: null,
            gradesId: null,
            line: 'PROJETS',
            initialCents: plan.national,
          },
          day - 10,
        ),
      );
    }
    if (plan.fees > 0) {
      addEnvelope(
        {
          year,
          holderKind: 'NATIONAL',
          regionCode: null,
          gradesId: null,
          line: 'FRAIS_GESTION',
          initialCents: plan.fees,
        },
        day - 10,
      );
    }
    for (const amendment of plan.amendments) {
      const parts = apportion(
        Math.abs(kEuros(amendment.totalCents)),
        regionCodes.map((code) => weights.get(code) ?? 1),
      );
      const decided = dayOf(amendment.decidedOn);
      for (const [index, code] of regionCodes.entries()) {
        const envelope = arsEnvelope.get(`${year}|${code}`);
        const delta = Math.sign(amendment.totalCents) * (parts[index] ?? 0) * 100_000;
        if (envelope === undefined || delta === 0) continue;
        const record: AmendmentRecord = {
          id: rng.uuid(),
          envelope,
          deltaCents: delta,
          reason: amendment.reason,
          decidedOn: amendment.decidedOn,
          createdBy: cnsaAdmin.id,
          createdAt: moment(decided),
        };
        amendments.push(record);
        movements.get(envelope)?.push({
          at: record.createdAt,
          delta,
          action: 'envelope.amend',
          reason: amendment.reason,
          ref: record.id,
        });
      }
    }
  }
  for (const plan of TRANSFER_PLANS) {
    if (!campaigns.includes(plan.year)) continue;
    const decided = dayOf(plan.decidedOn);
    const at = moment(decided);
    for (const [offset, [fromRegion, toRegion, amount]] of plan.moves.entries()) {
      const from = arsEnvelope.get(`${plan.year}|${fromRegion}`);
      const to = arsEnvelope.get(`${plan.year}|${toRegion}`);
      if (from === undefined || to === undefined) continue;
      const record: TransferRecord = {
        id: rng.uuid(),
        year: plan.year,
        from,
        to,
        amountCents: amount,
        reason: plan.reason,
        decidedOn: plan.decidedOn,
        createdBy: cnsaAdmin.id,
        createdAt: at + offset * 1000,
      };
      transfers.push(record);
      movements.get(from)?.push({
        at: record.createdAt,
        delta: -amount,
        action: 'envelope.transfer_out',
        reason: plan.reason,
        ref: record.id,
      });
      movements.get(to)?.push({
        at: record.createdAt,
        delta: amount,
        action: 'envelope.transfer_in',
        reason: plan.reason,
        ref: record.id,
      });
    }
  }
  for (const [index, envelope] of envelopes.entries()) {
    audit.add(
      envelope.createdAt,
      cnsaAdmin,
      'envelope.create',
      'envelope',
      envelope.id,
      envelope.regionCode,
      diff(null, {
        campaignYear: envelope.year,
        holderKind: envelope.holderKind,
        regionCode: envelope.regionCode,
        gradesId: envelope.gradesId,
        line: envelope.line,
        initialCents: envelope.initialCents,
        delegatedCents: envelope.initialCents,
      }),
    );
    const moves = (movements.get(index) ?? []).sort((a, b) => a.at - b.at);
    for (const move of moves) {
      const before = envelope.delegatedCents;
      envelope.delegatedCents += move.delta;
      envelope.version += 1;
      envelope.updatedAt = move.at;
      audit.add(move.at, cnsaAdmin, move.action, 'envelope', envelope.id, envelope.regionCode, {
        delegatedCents: { before, after: envelope.delegatedCents },
        motif: { before: null, after: move.reason },
        ...(move.action === 'envelope.amend'
          ? { amendmentId: { before: null, after: move.ref } }
          : { transferId: { before: null, after: move.ref } }),
      });
    }
  }
  for (const transfer of transfers) {
    audit.add(
      transfer.createdAt,
      cnsaAdmin,
      'envelope_transfer.create',
      'envelope_transfer',
      transfer.id,
      null,
      diff(null, {
        campaignYear: transfer.year,
        fromEnvelopeId: envelopes[transfer.from]?.id,
        toEnvelopeId: envelopes[transfer.to]?.id,
        amountCents: transfer.amountCents,
        reason: transfer.reason,
        decidedOn: transfer.decidedOn,
      }),
    );
  }
  const remaining = envelopes.map((envelope) => envelope.delegatedCents);

  /* ---------- Projects ---------- */
  const pool: PoolState = { free: ogs.map(() => []), released: [] };
  for (let index = essms.length - 1; index >= 0; index--) {
    const record = essms[index];
    if (record) pool.free[record.og]?.push(index);
  }
  const projects: ProjectRecord[] = [];
  const members: MemberRecord[] = [];
  const milestones: MilestoneRecord[] = [];
  const payments: PaymentRecord[] = [];
  const comments: CommentRecord[] = [];
  const evidence: EvidenceRecord[] = [];
  const names = new Set<string>();
  const codeCounters = new Map<string, number>();
  let paymentReference = 0;

  for (const slot of slots) {
    const campaign = reference.campaigns.get(slot.year);
    if (!campaign) continue;
    releaseUntil(pool, slot.deposit, essms);
    const terr = territory.get(slot.regionCode) ?? 'metropole';
    const minimum = slot.national
      ? (campaign.thresholds.nationalCallMinEssms ?? 50)
      : minimumEssms(campaign.thresholds, terr);
    const regionalMax = Math.min(
      (campaign.thresholds.nationalCallMinEssms ?? 1000) - 1,
      campaign.thresholds.regionalCallMaxEssms ?? 1000,
    );
    const mean = slot.national
      ? settings.sizeMean.national
      : terr === 'metropole'
        ? settings.sizeMean.metropole
        : settings.sizeMean.reduced;
    const wanted = slot.national
      ? Math.min(150, minimum + Math.floor(rng.exponential(mean)))
      : Math.min(regionalMax, minimum + Math.floor(rng.exponential(mean)));
    const minOgs = Math.max(campaign.minOrganisations ?? 1, 1);
    const drawn = drawMembers(rng, pool, ogs, essms, regionOgs, slot, wanted, minimum, minOgs);
    if (!drawn) continue;
    const essmsCount = drawn.members.length;
    const call = callTypeFor(essmsCount, terr, campaign.thresholds);
    const envelopeIndex = slot.national
      ? nationalEnvelope.get(slot.year)
      : arsEnvelope.get(`${slot.year}|${slot.regionCode}`);
    if (
      !call.ok ||
      call.callType !== (slot.national ? 'national' : 'regional') ||
      envelopeIndex === undefined
    ) {
      for (const member of drawn.members) pool.free[essms[member]?.og ?? 0]?.push(member);
      continue;
    }

    const situationByOg = new Map<number, SoftwareSituation>();
    const situations = drawn.members.map((member) => {
      const og = essms[member]?.og ?? 0;
      let situation = situationByOg.get(og);
      if (!situation) {
        situation = rng.chance(0.35) ? 'acquisition' : 'mise_en_conformite';
        situationByOg.set(og, situation);
      }
      return situation;
    });
    const grant = computeGrant(
      drawn.members.map((member, index) => ({
        sector: essms[member]?.sector ?? 'PA',
        softwareSituation: situations[index] ?? 'acquisition',
      })),
      call.callType,
      terr,
      campaign.fundingRules,
    );
    if (!grant.ok) throw new Error(`Campagne ${slot.year} : ${grant.message}`);
    const computed = grant.totalCents;

    let plan = slot.plan;
    let path = pathOf(plan);
    let days = stepDays(path, slot.deposit, rng, plan.slow === true);
    let kept = path.filter((status) => (days.get(status) ?? Infinity) <= asOf);
    if (kept.length === 0) {
      for (const member of drawn.members) pool.free[essms[member]?.og ?? 0]?.push(member);
      continue;
    }

    const overridePlan = plan.override === true && kept.includes('RETENU');
    const requested =
      overridePlan && rng.chance(0.5)
        ? Math.round((computed * (0.85 + rng.next() * 0.1)) / 10_000) * 10_000
        : Math.round((computed * (0.97 + rng.next() * 0.23)) / 10_000) * 10_000;
    let granted = computed;
    let justification: string | null = null;
    if (overridePlan) {
      if (requested < computed) {
        granted = requested;
        justification = OVERRIDE_JUSTIFICATIONS[0] ?? null;
      } else {
        granted = Math.max(0, computed - rng.int(1, 3) * 500_000);
        justification = rng.pick(OVERRIDE_JUSTIFICATIONS.slice(1));
      }
    }
    let finalStatus = kept[kept.length - 1] ?? 'DEPOSE';
    let refusalReason: string | null = null;
    if (holdsCommitment(finalStatus) && (remaining[envelopeIndex] ?? 0) < granted) {
      // Not enough credits left: refused in a closed campaign, waiting for credits in the last one.
      plan = slot.year === lastYear ? { outcome: 'PENDING' } : { outcome: 'REFUSE' };
      refusalReason = REFUSAL_REASONS[0] ?? null;
      path = pathOf(plan);
      days = stepDays(path, slot.deposit, rng, false);
      kept = path.filter((status) => (days.get(status) ?? Infinity) <= asOf);
      finalStatus = kept[kept.length - 1] ?? 'DEPOSE';
      justification = null;
      granted = computed;
    }
    if (holdsCommitment(finalStatus)) remaining[envelopeIndex] = (remaining[envelopeIndex] ?? 0) - granted;
    const decided = kept.includes('RETENU');
    const projectIndex = projects.length;
    const projectId = rng.uuid();
    const ars = arsActor(slot.regionCode);
    const porteur = drawn.porteur;
    const softwareRecord = pickSoftware(
      rng,
      software,
      slot.regionCode,
      kept.includes('SOLDE') ? isoOfDay(days.get('SOLDE') ?? asOf) : null,
      drawn.members.map((member) => essms[member]?.sector ?? 'PA'),
    );
    // The product's own code, AAAA-RR-NNNN, one sequence per campaign and region (national calls included), as
    // ProjectsService allocates it: imports and searches by code then work on the demo data as on real data.
    const codeKey = `${slot.year}-${slot.regionCode}`;
    const codeNumber = (codeCounters.get(codeKey) ?? 0) + 1;
    codeCounters.set(codeKey, codeNumber);
    const project: ProjectRecord = {
      id: projectId,
      code: formatProjectCode(slot.year, slot.regionCode, codeNumber),
      name: projectName(
        rng,
        names,
        slot,
        drawn.members.map((member) => essms[member]).filter(isDefined),
        ogs[porteur],
      ),
      year: slot.year,
      regionCode: slot.regionCode,
      porteur,
      softwareId: softwareRecord.id,
      callType: call.callType,
      envelope: envelopeIndex,
      status: finalStatus,
      requestedCents: requested,
      computedCents: computed,
      computedExplanation: grant.explanation,
      decidedOn:
        kept.includes('RETENU') || kept.includes('REFUSE')
          ? isoOfDay(days.get('RETENU') ?? days.get('REFUSE') ?? asOf)
          : null,
      grantedCents: decided ? granted : null,
      justification: decided ? justification : null,
      conventionSignedOn: kept.includes('CONVENTION_SIGNEE')
        ? isoOfDay(days.get('CONVENTION_SIGNEE') ?? asOf)
        : null,
      usageDeadline: campaign.usageDeadline,
      essmsCount,
      createdBy: ars.id,
      version: 1,
      createdAt: moment(slot.deposit),
      updatedAt: 0,
    };
    project.updatedAt = project.createdAt;
    projects.push(project);
    const released = RELEASED_STATUSES.includes(finalStatus);
    for (const [index, member] of drawn.members.entries()) {
      members.push({
        project: projectIndex,
        essms: member,
        year: slot.year,
        situation: situations[index] ?? 'acquisition',
        live: !released,
        addedAt: project.createdAt,
      });
    }
    if (released) {
      const from = days.get(finalStatus) ?? slot.deposit;
      for (const member of drawn.members)
        pool.released.push({ essms: member, og: essms[member]?.og ?? 0, from });
    }

    audit.add(
      project.createdAt,
      ars,
      'project.create',
      'project',
      projectId,
      slot.regionCode,
      diff(null, {
        code: project.code,
        name: project.name,
        campaignYear: project.year,
        regionCode: project.regionCode,
        porteurOgId: ogs[porteur]?.id,
        duiSoftwareId: project.softwareId,
        callType: project.callType,
        envelopeId: envelopes[envelopeIndex]?.id,
        status: 'DEPOSE',
        requestedCents: project.requestedCents,
        computedGrantCents: project.computedCents,
        grantExplanation: grant.explanation,
        essmsCount,
        memberFiness: drawn.members.map((member) => essms[member]?.finess),
      }),
    );

    // Transitions, in order, each by the role the workflow allows.
    let previous: ProjectStatus = 'DEPOSE';
    for (const status of kept.slice(1)) {
      const day = days.get(status) ?? asOf;
      const at = moment(day);
      const actor = status === 'CIBLES_VALIDEES' || status === 'SOLDE' ? cnsaAdmin : ars;
      const changes: Record<string, unknown> = { status: { before: previous, after: status } };
      if (status === 'RETENU') {
        changes['grantedCents'] = { before: null, after: granted };
        if (justification) changes['grantOverrideJustification'] = { before: null, after: justification };
      }
      if (status === 'CONVENTION_SIGNEE')
        changes['conventionSignedOn'] = { before: null, after: isoOfDay(day) };
      if (status === 'REFUSE')
        changes['motif'] = { before: null, after: refusalReason ?? rng.pick(REFUSAL_REASONS) };
      if (status === 'ABANDONNE') changes['motif'] = { before: null, after: rng.pick(ABANDON_REASONS) };
      audit.add(at, actor, 'project.transition', 'project', projectId, slot.regionCode, changes);
      project.version += 1;
      project.updatedAt = at;
      previous = status;
    }

    if (decided) {
      const decision = days.get('RETENU') ?? slot.deposit;
      addMilestones(rng, {
        audit,
        moment,
        asOf,
        campaign,
        project,
        projectIndex,
        days,
        kept,
        plan,
        ars,
        cnsaAdmin,
        milestones,
        evidence,
        withEvidence: settings.evidence,
        decision,
        members: drawn.members,
      });
      paymentReference = addPayments(rng, {
        audit,
        moment,
        asOf,
        campaign,
        project,
        projectIndex,
        days,
        kept,
        ars,
        cnsaAdmin,
        payments,
        granted,
        decision,
        paymentReference,
      });
    } else {
      addFiledMilestones(rng, {
        audit,
        project,
        projectIndex,
        campaign,
        ars,
        milestones,
        filedAt: project.createdAt,
        members: drawn.members,
      });
    }
    addComments(rng, {
      audit,
      moment,
      asOf,
      project,
      projectIndex,
      days,
      kept,
      ars,
      cnsaAnalyst,
      comments,
      software: softwareRecord,
      plan,
    });
  }

  /* ---------- Completing history: monthly FINESS capacity updates (large scales) ---------- */
  const lastDataset = momentOf(asOf, 22 * HOUR);
  let capacityUpdates: CapacityUpdates | null = null;
  const target = settings.auditRows === null ? null : Math.round(settings.auditRows * factor);
  if (target !== null) {
    const count = Math.max(0, target - audit.events.length - 1);
    const withCapacity = essms
      .map((record, index) => (record.capacity === null ? -1 : index))
      .filter((index) => index >= 0);
    if (count > 0 && withCapacity.length > 0) {
      const first = new Date((importDay + 40) * 86_400_000);
      const firstMonth = { year: first.getUTCFullYear(), month: first.getUTCMonth() };
      const lastMonth = new Date(asOf * 86_400_000);
      const months =
        (lastMonth.getUTCFullYear() - firstMonth.year) * 12 + (lastMonth.getUTCMonth() - firstMonth.month);
      capacityUpdates = { essms: withCapacity, count, firstMonth, months: Math.max(1, months) };
      // The ESSMS's creation row carries the capacity before its first update; its final capacity stays the record's.
      const updates = new Map<number, number>();
      for (const [position, index] of withCapacity.entries()) {
        const perEssms =
          Math.floor(count / withCapacity.length) + (position < count % withCapacity.length ? 1 : 0);
        updates.set(index, perEssms);
      }
      for (const [position, index] of withCapacity.entries()) {
        const perEssms = updates.get(index) ?? 0;
        const record = essms[index];
        const event = essmsCreateEvents[index];
        if (!record || !event || record.capacity === null || perEssms === 0) continue;
        const initial = initialCapacity(record.capacity, index, perEssms);
        (event.changes as Record<string, { before: unknown; after: unknown }>)['capacity'] = {
          before: null,
          after: initial,
        };
        record.version = 1 + perEssms;
        record.updatedAt = capacityUpdateMoment(
          capacityUpdates,
          position + withCapacity.length * (perEssms - 1),
        );
      }
    }
  }

  const dataset: SeedDataset = {
    scale,
    factor,
    asOf: asOfDate,
    ogs,
    essms,
    software,
    envelopes,
    amendments,
    transfers,
    projects,
    members,
    milestones,
    payments,
    comments,
    evidence,
    events: audit.events,
    capacityUpdates,
  };
  const counts = datasetCounts(dataset);
  audit.add(lastDataset, system, 'dataset.seed', 'dataset', scale, null, {
    description: {
      before: null,
      after: `Jeu de données synthétique « ${scale} » (aucune donnée réelle), état au ${asOfDate}.`,
    },
    // This row included: the counts are those of the data set once written.
    counts: { before: null, after: { ...counts, journalAudit: (counts['journalAudit'] ?? 0) + 1 } },
  });
  return dataset;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

export function datasetCounts(dataset: SeedDataset): Record<string, number> {
  return {
    organismesGestionnaires: dataset.ogs.length,
    essms: dataset.essms.length,
    projets: dataset.projects.length,
    membres: dataset.members.length,
    jalons: dataset.milestones.length,
    versements: dataset.payments.length,
    enveloppes: dataset.envelopes.length,
    transferts: dataset.transfers.length,
    journalAudit: dataset.events.length + (dataset.capacityUpdates?.count ?? 0),
  };
}

/* ------------------------------------------------------------------------------------------------------------ */

function instructionDay(reference: SeedReference, year: number): number {
  const date = reference.campaigns.get(year)?.instructionDate;
  return dayOf(date ?? `${year}-03-01`);
}

function depositDay(
  rng: SeedRandom,
  instruction: number,
  year: number,
  lastYear: number,
  plan: Plan,
): number {
  if (year === lastYear && plan.session === 2) return dayOf(`${year + 1}-02-01`) + rng.int(0, 170);
  return instruction + rng.int(30, 150);
}

/** Fits OG sizes to an exact total, keeping each at least 1. */
function fitSizes(raw: number[], total: number, rng: SeedRandom): number[] {
  const sum = raw.reduce((acc, size) => acc + size, 0);
  const sizes = raw.map((size) => Math.max(1, Math.round((size * total) / Math.max(1, sum))));
  let difference = total - sizes.reduce((acc, size) => acc + size, 0);
  let guard = 0;
  while (difference !== 0 && guard++ < total * 10 + 1000) {
    const index = rng.int(0, sizes.length - 1);
    const size = sizes[index] ?? 1;
    if (difference > 0) {
      sizes[index] = size + 1;
      difference--;
    } else if (size > 1) {
      sizes[index] = size - 1;
      difference++;
    }
  }
  return sizes;
}

/** Every generated FINESS number passes the domain's check, names its ESSMS's département and region, and is unique. */
function checkFiness(ogs: readonly OgRecord[], essms: readonly EssmsRecord[]): void {
  const seen = new Set<string>();
  const check = (finess: string, departement: string, regionCode: string): void => {
    const parsed = parseFiness(finess);
    if (
      !parsed.ok ||
      parsed.departement !== departement ||
      parsed.regionCode !== regionCode ||
      seen.has(finess)
    ) {
      throw new Error(`FINESS généré incohérent : ${finess} (${departement}, région ${regionCode}).`);
    }
    seen.add(finess);
  };
  for (const og of ogs) check(og.finess, og.departement, og.regionCode);
  for (const record of essms) check(record.finess, record.departement, record.regionCode);
}

function releaseUntil(pool: PoolState, day: number, essms: readonly EssmsRecord[]): void {
  if (pool.released.length === 0) return;
  const still: PoolState['released'] = [];
  for (const entry of pool.released) {
    if (entry.from <= day && essms[entry.essms]) pool.free[entry.og]?.push(entry.essms);
    else still.push(entry);
  }
  pool.released = still;
}

/**
 * Members of a grappe: a porteur OG drawn among the region's OGs that still have unfunded ESSMS, then OGs of the
 * same sector in the same département, the same département, the region (and, rarely, a neighbouring region).
 * An OG joins with its free ESSMS, capped so that the campaign's minimum number of OGs can be met.
 */
function drawMembers(
  rng: SeedRandom,
  pool: PoolState,
  ogs: readonly OgRecord[],
  essms: readonly EssmsRecord[],
  regionOgs: ReadonlyMap<string, number[]>,
  slot: Slot,
  wanted: number,
  minimum: number,
  minOgs: number,
): { members: number[]; porteur: number } | null {
  const local = (regionOgs.get(slot.regionCode) ?? []).filter((og) => (pool.free[og]?.length ?? 0) > 0);
  if (local.length === 0) return null;
  const neighbours =
    slot.plan.multiRegion === true
      ? (NEIGHBOUR_REGIONS[slot.regionCode] ?? []).flatMap((code) =>
          (regionOgs.get(code) ?? []).filter((og) => (pool.free[og]?.length ?? 0) > 0),
        )
      : [];
  // A national grappe is carried by a large OG; a regional one by any OG, the larger more often.
  const porteur = rng.weighted(
    local,
    local.map((og) => {
      const free = pool.free[og]?.length ?? 0;
      return slot.national ? free * free : Math.min(20, free);
    }),
  );
  const porteurOg = ogs[porteur];
  if (!porteurOg) return null;
  const tiers = [
    local.filter(
      (og) =>
        og !== porteur &&
        ogs[og]?.departement === porteurOg.departement &&
        ogs[og]?.kind.family === porteurOg.kind.family,
    ),
    local.filter(
      (og) =>
        og !== porteur &&
        ogs[og]?.departement === porteurOg.departement &&
        ogs[og]?.kind.family !== porteurOg.kind.family,
    ),
    local.filter(
      (og) =>
        og !== porteur &&
        ogs[og]?.departement !== porteurOg.departement &&
        ogs[og]?.kind.family === porteurOg.kind.family,
    ),
    local.filter(
      (og) =>
        og !== porteur &&
        ogs[og]?.departement !== porteurOg.departement &&
        ogs[og]?.kind.family !== porteurOg.kind.family,
    ),
  ].map((tier) => rng.shuffle(tier));
  const outside = neighbours.length > 0 ? rng.int(1, 3) : 0;
  const order = [porteur, ...tiers.flat()];
  const chosen: { og: number; take: number }[] = [];
  let total = 0;
  const localWanted = Math.max(minimum, wanted - outside);
  for (const og of order) {
    if (total >= localWanted) break;
    const free = pool.free[og]?.length ?? 0;
    const missingOgs = Math.max(0, minOgs - chosen.length - 1);
    const cap = Math.max(1, localWanted - total - missingOgs);
    const take = Math.min(free, cap);
    if (take <= 0) continue;
    chosen.push({ og, take });
    total += take;
  }
  if (outside > 0) {
    for (const og of rng.shuffle([...neighbours]).slice(0, outside)) {
      chosen.push({ og, take: 1 });
      total += 1;
    }
  }
  if (total < minimum || chosen.length < minOgs) return null;
  const members: number[] = [];
  for (const { og, take } of chosen) {
    const free = pool.free[og] ?? [];
    for (let index = 0; index < take; index++) {
      const member = free.pop();
      if (member !== undefined && essms[member]) members.push(member);
    }
  }
  return { members, porteur };
}

function pickSoftware(
  rng: SeedRandom,
  software: readonly SoftwareRecord[],
  regionCode: string,
  balancedOn: string | null,
  sectors: readonly EssmsSector[],
): SoftwareRecord {
  // A grappe paid its balance runs software referenced by then (unless mostly in an exempt sector: AHI, PJM).
  const exempt = sectors.filter((sector) => sector === 'PJM' || sector === 'AHI').length > sectors.length / 2;
  const referencedBy = (item: SoftwareRecord, day: string): boolean =>
    item.referencedAt !== null && item.referencedAt <= day;
  const candidates = software.filter((item) => {
    if (item.regions && !item.regions.includes(regionCode) && rng.chance(0.9)) return false;
    if (balancedOn !== null && !exempt && !referencedBy(item, balancedOn)) return false;
    return true;
  });
  const list =
    candidates.length > 0
      ? candidates
      : software.filter((item) => balancedOn === null || referencedBy(item, balancedOn) || item.referenced);
  return rng.weighted(
    list,
    list.map((item) => (item.regions?.includes(regionCode) ? 6 : item.referenced ? 3 : 1)),
  );
}

function projectName(
  rng: SeedRandom,
  names: Set<string>,
  slot: Slot,
  members: readonly EssmsRecord[],
  porteur: OgRecord | undefined,
): string {
  const sectors = new Map<string, number>();
  for (const member of members) sectors.set(member.sector, (sectors.get(member.sector) ?? 0) + 1);
  const [dominant, dominantCount] = [...sectors.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['MIXTE', 0];
  const ehpad = members.filter((member) => member.categoryCode === '500').length;
  let themeKey = dominantCount >= members.length * 0.7 ? dominant : 'MIXTE';
  const ph = members.filter(
    (member) => member.sector === 'PH_ENFANTS' || member.sector === 'PH_ADULTES',
  ).length;
  if (themeKey === 'MIXTE' && ph >= members.length * 0.7) themeKey = 'PH';
  const theme =
    themeKey === 'PA' && ehpad >= members.length * 0.7
      ? 'EHPAD'
      : rng.pick(GRAPPE_THEMES[themeKey] ?? GRAPPE_THEMES['MIXTE'] ?? ['médico-sociale']);
  const departements = new Map<string, number>();
  for (const member of members)
    departements.set(member.departement, (departements.get(member.departement) ?? 0) + 1);
  const mainDepartement =
    [...departements.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? porteur?.departement ?? '';
  const info = DEPARTEMENTS.get(mainDepartement);
  const candidates = slot.national
    ? [
        `Grappe nationale ${porteur?.name ?? ''}`.trim(),
        `Grappe nationale ${theme} ${porteur?.name ?? ''}`.trim(),
      ]
    : [
        `Grappe ${theme} ${info?.phrase ?? ''}`.trim(),
        `Grappe ${theme} du Pays ${ofTown(porteur?.town ?? info?.towns[0] ?? 'France')}`,
        `Grappe ${porteur?.name ?? theme}`,
        `Grappe ${theme} ${info?.phrase ?? ''} (${slot.year})`.trim(),
      ];
  for (const candidate of candidates) {
    if (!names.has(candidate)) {
      names.add(candidate);
      return candidate.slice(0, 300);
    }
  }
  const base = candidates[0] ?? 'Grappe';
  for (let number = 2; ; number++) {
    const candidate = `${base} n° ${number}`;
    if (!names.has(candidate)) {
      names.add(candidate);
      return candidate.slice(0, 300);
    }
  }
}

interface ProjectContext {
  audit: AuditCollector;
  moment: (day: number) => number;
  asOf: number;
  project: ProjectRecord;
  projectIndex: number;
  days: ReadonlyMap<ProjectStatus, number>;
  kept: readonly ProjectStatus[];
  ars: Actor;
}

const MINIMAL_PDF = (title: string): Buffer =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n% ${title} (document fictif de démonstration)\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'utf8',
  );

/**
 * The campaign's milestone catalogue for a decided project, with states that follow the project's steps: one row per
 * project-level type, one row per member ESSMS for the per-ESSMS types (each member at its own pace). « DUI déployé »
 * rows are all validated before the project moves to « DUI déployé » (the workflow's rule); a grappe still on its way
 * there shows part of its ESSMS deployed. Per-ESSMS rows have no creation event of their own: the project's creation
 * and decision carry them, as in the API.
 */
function addMilestones(
  rng: SeedRandom,
  context: ProjectContext & {
    campaign: CampaignInfo;
    plan: Plan;
    cnsaAdmin: Actor;
    milestones: MilestoneRecord[];
    evidence: EvidenceRecord[];
    withEvidence: boolean;
    decision: number;
    /** Member ESSMS (indexes). */
    members: readonly number[];
  },
): void {
  const { audit, moment, asOf, campaign, project, projectIndex, days, kept, ars, cnsaAdmin, decision } =
    context;
  const slowFactor = context.plan.slow ? 1.45 : 1;
  const reached = (status: ProjectStatus): number | null =>
    kept.includes(status) ? (days.get(status) ?? null) : null;
  const dui = reached('DUI_DEPLOYE');
  const usage = reached('USAGE_DECLARE');
  const cibles = reached('CIBLES_VALIDEES');
  const failed = reached('SOLDE_ANNULE');
  const abandoned = reached('ABANDONNE');
  const stalled = context.plan.stopAt !== undefined && project.status === context.plan.stopAt;
  const createdAt = moment(decision) + 60_000;
  const convention = reached('CONVENTION_SIGNEE');
  // The day the project moves (or is planned to move) to « DUI déployé ».
  const duiPlanned = days.get('DUI_DEPLOYE') ?? null;

  for (const type of campaign.milestoneTypes) {
    for (const essmsIndex of type.perEssms ? context.members : [null]) addRow(type, essmsIndex);
  }

  function addRow(type: CampaignInfo['milestoneTypes'][number], essmsIndex: number | null): void {
    const id = rng.uuid();
    const due = decision + type.delayDays;
    const record: MilestoneRecord = {
      id,
      project: projectIndex,
      typeId: type.id,
      essms: essmsIndex,
      dueOn: isoOfDay(due),
      status: 'A_VENIR',
      declaredAt: null,
      declaredBy: null,
      declarationComment: null,
      indicatorValues: null,
      validatedArsAt: null,
      validatedArsBy: null,
      validatedCnsaAt: null,
      validatedCnsaBy: null,
      rejectionComment: null,
      version: 1,
      updatedAt: createdAt,
    };
    const milestoneIndex = context.milestones.push(record) - 1;
    if (essmsIndex === null) {
      audit.add(
        createdAt,
        ars,
        'milestone.create',
        'milestone',
        id,
        project.regionCode,
        diff(null, {
          projectId: project.id,
          milestoneTypeId: type.id,
          code: type.code,
          dueOn: record.dueOn,
          status: 'A_VENIR',
        }),
      );
    }

    // When the milestone is declared (day), if it is.
    // A stalled project has milestones declared that the ARS has not validated (some rejected): they slip.
    let declared: number | null = null;
    let stuck = false;
    let arsDay: number | null = null;
    let cnsaDay: number | null = null;
    // A per-ESSMS « DUI déployé » row: deployed in this ESSMS some days before the project's step, validated before it.
    const duiBefore = type.code === 'DUI_DEPLOYE' && essmsIndex !== null ? duiPlanned : null;
    if (type.code === 'CONVENTION_SIGNEE') declared = convention;
    else if (duiBefore !== null) {
      declared = Math.max((days.get('CONVENTION_SIGNEE') ?? decision) + 1, duiBefore - rng.int(10, 150));
    } else if (type.code === 'DUI_DEPLOYE' && essmsIndex !== null) {
      // A grappe stuck before « DUI déployé »: some ESSMS deployed and validated, some declared, some not yet.
      if (convention !== null && stalled) {
        const draw = rng.next();
        if (draw < 0.8) {
          declared = convention + Math.round(rng.int(60, 330) * slowFactor);
          stuck = draw >= 0.55;
        }
      }
    } else if (type.code === 'DUI_DEPLOYE') {
      declared = dui;
      if (dui === null && convention !== null && stalled && rng.chance(0.5)) {
        declared = convention + Math.round(rng.int(200, 400) * slowFactor);
        stuck = true;
      }
    } else if (type.code === 'CIBLES_USAGE') {
      declared = usage;
      stuck = usage !== null && cibles === null && failed === null && stalled && rng.chance(0.5);
    } else if (dui !== null) {
      if (usage !== null) declared = Math.max(dui + 5, usage - rng.int(10, 120));
      else if (!stalled) declared = dui + Math.round(rng.int(40, 260) * slowFactor);
      else if (rng.chance(0.6)) {
        declared = dui + Math.round(rng.int(40, 260) * slowFactor);
        stuck = rng.chance(0.6);
      }
    }
    if (declared !== null) {
      arsDay = stuck ? Number.POSITIVE_INFINITY : declared + rng.int(3, 25);
      cnsaDay = stuck ? Number.POSITIVE_INFINITY : arsDay + rng.int(5, 40);
      if (duiBefore !== null) {
        arsDay = Math.min(duiBefore - 1, declared + rng.int(2, 12));
        cnsaDay = arsDay + rng.int(5, 40);
      }
      // A stuck milestone stays declared, never validated.
      if (!stuck && type.code === 'CIBLES_USAGE') {
        arsDay = declared + rng.int(5, 20);
        cnsaDay = cibles ?? Number.POSITIVE_INFINITY;
        if (cibles !== null) arsDay = Math.min(arsDay, cibles - 1);
      } else if (!stuck && cibles !== null && cnsaDay >= cibles) {
        cnsaDay = cibles - 1;
        arsDay = Math.min(arsDay, cnsaDay - 1);
        declared = Math.min(declared, arsDay - 1);
      }
      // A failed or abandoned project's milestones stop where they were on that day.
      const end = failed ?? abandoned;
      if (end !== null) {
        if (type.code === 'CIBLES_USAGE') {
          arsDay = Number.POSITIVE_INFINITY;
          cnsaDay = Number.POSITIVE_INFINITY;
        }
        if (arsDay >= end) arsDay = Number.POSITIVE_INFINITY;
        if (cnsaDay >= end) cnsaDay = Number.POSITIVE_INFINITY;
        if (declared >= end) declared = null;
      }
    }

    const set = (at: number, actor: Actor, action: string, changes: Record<string, unknown>): void => {
      audit.add(at, actor, action, 'milestone', id, project.regionCode, changes);
      record.version += 1;
      record.updatedAt = at;
    };
    if (declared !== null && declared <= asOf) {
      // Now and then a first declaration was rejected, then declared again.
      if (rng.chance(0.06) && declared - 30 > decision) {
        const first = moment(declared - rng.int(20, 30));
        const rejection = rng.pick(REJECTION_COMMENTS);
        set(first, ars, 'milestone.declare', {
          status: { before: 'A_VENIR', after: 'DECLARE' },
          declarationComment: { before: null, after: DECLARATION_COMMENTS[type.code] ?? 'Jalon déclaré.' },
        });
        set(first + 5 * 86_400_000, ars, 'milestone.reject', {
          status: { before: 'DECLARE', after: 'REJETE' },
          rejectionComment: { before: null, after: rejection },
        });
        record.status = 'REJETE';
      }
      const declaredAt = moment(declared);
      const comment = DECLARATION_COMMENTS[type.code] ?? 'Jalon déclaré.';
      const indicators =
        type.code === 'CIBLES_USAGE'
          ? Object.fromEntries(
              campaign.indicators.map((indicator) => [
                indicator.code,
                Math.round(
                  indicator.target * (failed !== null ? 0.4 + rng.next() * 0.4 : 1 + rng.next() * 0.4) * 10,
                ) / 10,
              ]),
            )
          : null;
      set(declaredAt, ars, 'milestone.declare', {
        status: { before: record.status, after: 'DECLARE' },
        declarationComment: { before: null, after: comment },
        ...(indicators ? { indicatorValues: { before: null, after: indicators } } : {}),
      });
      record.status = 'DECLARE';
      record.declaredAt = declaredAt;
      record.declaredBy = ars.id;
      record.declarationComment = comment;
      record.indicatorValues = indicators;
      record.rejectionComment = null;
      if (arsDay !== null && arsDay <= asOf) {
        const at = moment(arsDay);
        set(at, ars, 'milestone.validate_ars', { status: { before: 'DECLARE', after: 'VALIDE_ARS' } });
        record.status = 'VALIDE_ARS';
        record.validatedArsAt = at;
        record.validatedArsBy = ars.id;
        if (cnsaDay !== null && cnsaDay <= asOf) {
          const cnsaAt = moment(cnsaDay);
          set(cnsaAt, cnsaAdmin, 'milestone.validate_cnsa', {
            status: { before: 'VALIDE_ARS', after: 'VALIDE_CNSA' },
          });
          record.status = 'VALIDE_CNSA';
          record.validatedCnsaAt = cnsaAt;
          record.validatedCnsaBy = cnsaAdmin.id;
        }
      } else if (failed === null && abandoned === null && rng.chance(stuck ? 0.5 : 0.25)) {
        const rejectedDay = declared + rng.int(3, 15);
        if (rejectedDay <= asOf) {
          const rejection = rng.pick(REJECTION_COMMENTS);
          set(moment(rejectedDay), ars, 'milestone.reject', {
            status: { before: 'DECLARE', after: 'REJETE' },
            rejectionComment: { before: null, after: rejection },
          });
          record.status = 'REJETE';
          record.rejectionComment = rejection;
        }
      }
      if (context.withEvidence && type.code === 'CONVENTION_SIGNEE' && context.evidence.length < 60) {
        const content = MINIMAL_PDF(`Convention ${project.code}`);
        context.evidence.push({
          id: rng.uuid(),
          milestone: milestoneIndex,
          fileName: `convention-${project.code.toLowerCase()}.pdf`,
          contentType: 'application/pdf',
          content,
          sha256: createHash('sha256').update(content).digest('hex'),
          uploadedBy: ars.id,
          uploadedAt: declaredAt - 60_000,
        });
      }
    }
    // Failure or abandonment: what was not validated is not reached.
    const end = failed ?? abandoned;
    if (end !== null && end <= asOf && record.status !== 'VALIDE_ARS' && record.status !== 'VALIDE_CNSA') {
      set(moment(end) + 120_000, ars, 'milestone.not_reached', {
        status: { before: record.status, after: 'NON_ATTEINT' },
      });
      record.status = 'NON_ATTEINT';
    }
    if (record.status === 'REJETE' && !record.rejectionComment)
      record.rejectionComment = REJECTION_COMMENTS[0] ?? 'Rejeté.';
  }
}

/**
 * The milestones of a project not retained (pending, refused, abandoned before the decision): created with the
 * project (as the API does), each due its catalogue delay after the filing day, all « À venir ».
 */
function addFiledMilestones(
  rng: SeedRandom,
  context: {
    audit: AuditCollector;
    project: ProjectRecord;
    projectIndex: number;
    campaign: CampaignInfo;
    ars: Actor;
    milestones: MilestoneRecord[];
    filedAt: number;
    members: readonly number[];
  },
): void {
  const { audit, project, projectIndex, campaign, ars, filedAt } = context;
  const filed = dayOfMoment(filedAt);
  for (const type of campaign.milestoneTypes) {
    for (const essmsIndex of type.perEssms ? context.members : [null]) {
      const record: MilestoneRecord = {
        id: rng.uuid(),
        project: projectIndex,
        typeId: type.id,
        essms: essmsIndex,
        dueOn: isoOfDay(filed + type.delayDays),
        status: 'A_VENIR',
        declaredAt: null,
        declaredBy: null,
        declarationComment: null,
        indicatorValues: null,
        validatedArsAt: null,
        validatedArsBy: null,
        validatedCnsaAt: null,
        validatedCnsaBy: null,
        rejectionComment: null,
        version: 1,
        updatedAt: filedAt,
      };
      context.milestones.push(record);
      if (essmsIndex === null) {
        audit.add(
          filedAt + 1000,
          ars,
          'milestone.create',
          'milestone',
          record.id,
          project.regionCode,
          diff(null, { projectId: project.id, milestoneTypeId: type.id, code: type.code, dueOn: record.dueOn, status: 'A_VENIR' }),
        );
      }
    }
  }
}

/** Tranche 1 and tranche 2 of a decided project, in the states its steps imply. */
function addPayments(
  rng: SeedRandom,
  context: ProjectContext & {
    campaign: CampaignInfo;
    cnsaAdmin: Actor;
    payments: PaymentRecord[];
    granted: number;
    decision: number;
    paymentReference: number;
  },
): number {
  const { audit, moment, asOf, campaign, project, projectIndex, days, kept, ars, granted, decision } =
    context;
  let reference = context.paymentReference;
  const { tranche1, tranche2 } = splitTranches(granted, campaign.tranche1Percent);
  const explanations = explainTranches(granted, campaign.tranche1Percent);
  const createdAt = moment(decision) + 120_000;
  const make = (tranche: 1 | 2, amount: number, explanation: string): PaymentRecord => {
    const record: PaymentRecord = {
      id: rng.uuid(),
      project: projectIndex,
      tranche,
      amountCents: amount,
      status: 'A_VERSER',
      paidOn: null,
      reference: null,
      recoveryCents: null,
      recoveryOn: null,
      explanation,
      version: 1,
      createdAt,
      updatedAt: createdAt,
    };
    context.payments.push(record);
    audit.add(
      createdAt,
      ars,
      'payment.create',
      'payment',
      record.id,
      project.regionCode,
      diff(null, {
        projectId: project.id,
        tranche,
        amountCents: amount,
        status: 'A_VERSER',
        explanation,
      }),
    );
    return record;
  };
  const update = (
    record: PaymentRecord,
    at: number,
    actor: Actor,
    action: string,
    changes: Record<string, unknown>,
  ): void => {
    audit.add(at, actor, action, 'payment', record.id, project.regionCode, changes);
    record.version += 1;
    record.updatedAt = at;
  };
  const first = make(1, tranche1, explanations.tranche1);
  const second = make(2, tranche2, explanations.tranche2);
  const convention = kept.includes('CONVENTION_SIGNEE') ? days.get('CONVENTION_SIGNEE') : undefined;
  if (convention !== undefined) {
    const paidDay = Math.min(convention + rng.int(10, 45), asOf);
    reference += 1;
    const ref = `CDC-${isoOfDay(paidDay).slice(0, 4)}-${String(reference).padStart(6, '0')}`;
    update(first, moment(paidDay), ars, 'payment.pay', {
      status: { before: 'A_VERSER', after: 'VERSE' },
      paidOn: { before: null, after: isoOfDay(paidDay) },
      reference: { before: null, after: ref },
    });
    first.status = 'VERSE';
    first.paidOn = isoOfDay(paidDay);
    first.reference = ref;
  }
  const solde = kept.includes('SOLDE') ? days.get('SOLDE') : undefined;
  if (solde !== undefined) {
    reference += 1;
    const ref = `CDC-${isoOfDay(solde).slice(0, 4)}-${String(reference).padStart(6, '0')}`;
    update(second, moment(solde) + 60_000, context.cnsaAdmin, 'payment.pay', {
      status: { before: 'A_VERSER', after: 'VERSE' },
      paidOn: { before: null, after: isoOfDay(solde) },
      reference: { before: null, after: ref },
    });
    second.status = 'VERSE';
    second.paidOn = isoOfDay(solde);
    second.reference = ref;
  }
  const cancelled = kept.includes('SOLDE_ANNULE')
    ? days.get('SOLDE_ANNULE')
    : kept.includes('ABANDONNE')
      ? days.get('ABANDONNE')
      : undefined;
  if (cancelled !== undefined) {
    for (const record of kept.includes('ABANDONNE') ? [first, second] : [second]) {
      update(record, moment(cancelled) + 60_000, ars, 'payment.cancel', {
        status: { before: record.status, after: 'ANNULE' },
      });
      record.status = 'ANNULE';
    }
  }
  const recovery = kept.includes('RECUPERATION_DEMANDEE') ? days.get('RECUPERATION_DEMANDEE') : undefined;
  if (recovery !== undefined && first.status === 'VERSE' && first.amountCents > 0) {
    const amount = Math.max(
      100,
      Math.min(first.amountCents, Math.round((first.amountCents * (0.3 + rng.next() * 0.7)) / 100) * 100),
    );
    update(first, moment(recovery) + 60_000, ars, 'payment.recovery', {
      status: { before: 'VERSE', after: 'RECUPERATION_DEMANDEE' },
      recoveryAmountCents: { before: null, after: amount },
      recoveryRequestedOn: { before: null, after: isoOfDay(recovery) },
    });
    first.status = 'RECUPERATION_DEMANDEE';
    first.recoveryCents = amount;
    first.recoveryOn = isoOfDay(recovery);
  }
  return reference;
}

function addComments(
  rng: SeedRandom,
  context: ProjectContext & {
    cnsaAnalyst: Actor;
    comments: CommentRecord[];
    software: SoftwareRecord;
    plan: Plan;
  },
): void {
  const { audit, moment, asOf, project, projectIndex, days, kept, ars, cnsaAnalyst } = context;
  const start = days.get('DEPOSE') ?? asOf;
  const end = days.get(kept[kept.length - 1] ?? 'DEPOSE') ?? start;
  const add = (visibility: 'TOUS' | 'CNSA', body: string, actor: Actor): void => {
    const day = Math.min(asOf, rng.int(start + 1, Math.max(start + 2, end + 30)));
    const record: CommentRecord = {
      id: rng.uuid(),
      project: projectIndex,
      milestone: null,
      authorId: actor.id,
      body,
      visibility,
      createdAt: moment(day),
    };
    context.comments.push(record);
    audit.add(
      record.createdAt,
      actor,
      'comment.create',
      'comment',
      record.id,
      project.regionCode,
      diff(null, {
        projectId: project.id,
        visibility,
        body,
      }),
    );
  };
  const count = kept.includes('RETENU') ? rng.int(0, 3) : rng.int(0, 1);
  for (let index = 0; index < count; index++) add('TOUS', rng.pick(PROJECT_COMMENTS), ars);
  if (!context.software.referenced && kept.includes('RETENU'))
    add('CNSA', CNSA_COMMENTS[0] ?? 'Interne CNSA.', cnsaAnalyst);
  else if (rng.chance(0.15)) add('CNSA', rng.pick(CNSA_COMMENTS.slice(1)), cnsaAnalyst);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Capacity updates: the same arithmetic for the creation row (initial value) and the streamed updates.            */
/* ------------------------------------------------------------------------------------------------------------ */

/** The step of update `u` of an ESSMS: +d then -d by pairs, so that the capacity never drifts below its start. */
export function capacityStep(essmsIndex: number, update: number): number {
  const size = 1 + ((essmsIndex + (update >> 1)) % 3);
  return update % 2 === 0 ? size : -size;
}

/** Capacity before the first of `updates` updates, so that the last one ends on the record's capacity. */
export function initialCapacity(finalCapacity: number, essmsIndex: number, updates: number): number {
  let sum = 0;
  for (let update = 0; update < updates; update++) sum += capacityStep(essmsIndex, update);
  return finalCapacity - sum;
}

/** When update `j` (0-based, in order) of the monthly FINESS updates happens: the 5th of its month, from 01:00 UTC. */
export function capacityUpdateMoment(updates: CapacityUpdates, j: number): number {
  const month = Math.floor((j * updates.months) / updates.count);
  const firstOfMonth = Math.ceil((month * updates.count) / updates.months);
  const monthIndex = updates.firstMonth.month + month;
  return (
    Date.UTC(updates.firstMonth.year + Math.floor(monthIndex / 12), monthIndex % 12, 5, 1, 0, 0) +
    (j - firstOfMonth) * 25
  );
}
