import type {
  DashboardFilters,
  DashboardHolderRow,
  DashboardKpis,
  DashboardLateProject,
  DashboardMilestoneTypeRow,
  DashboardPaymentMonth,
  DashboardRegionRow,
  NationalDashboardResponse,
  RegionalDashboardResponse,
} from '@esms/api-contract';
import {
  ESSMS_SECTORS,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  SECTOR_LABELS,
  SOFTWARE_SITUATION_LABELS,
  type ProjectStatus,
  type SoftwareSituation,
} from '@esms/domain';

/**
 * From the three rows of aggregates PostgreSQL answers (dashboard-queries.ts) to the payload of the contract: French
 * labels, zeros for the categories without rows, and the few figures derived from others. Works on a fixed number
 * of categories (statuses, sectors, regions), never on the programme's rows.
 */

type Counts = Record<string, number>;

export interface CoreRow {
  campaign_years: number[] | null;
  essms_target: string | null;
  kpis: Omit<DashboardKpis, 'paidCents' | 'essmsOnboarded' | 'essmsTarget' | 'targetsMetShare'>;
  by_status: Record<string, { count: number; committedCents: number }>;
  by_holder: {
    regionCode: string | null;
    holderKind: 'ARS' | 'NATIONAL';
    delegatedCents: number | null;
    committedCents: number;
    paidCents: number;
  }[];
  regions: (Omit<DashboardRegionRow, 'essms' | 'commitmentRate'> & { envelopeCommittedCents: number })[];
  late_projects: Omit<DashboardLateProject, 'statusLabel'>[] | null;
}

export interface ActivityRow {
  milestones_by_type: DashboardMilestoneTypeRow[];
  payments_by_month: DashboardPaymentMonth[];
}

export interface EssmsRow {
  total: string | number;
  by_sector: Counts;
  by_situation: Counts;
  by_region: Counts;
}

const SITUATIONS: readonly SoftwareSituation[] = ['acquisition', 'mise_en_conformite'];

/** A share between 0 and 1, rounded to 4 decimals; null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

function isoTime(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export interface PayloadContext {
  filters: DashboardFilters;
  today: string;
  generatedAt: Date;
  regionCode: string | null;
}

export function buildDashboardPayload(
  context: PayloadContext,
  core: CoreRow,
  activity: ActivityRow,
  essms: EssmsRow,
): NationalDashboardResponse | RegionalDashboardResponse | null {
  const essmsByRegion = essms.by_region;
  // French alphabetical order (« Île-de-France » among the I), whatever the database's collation.
  const regions: DashboardRegionRow[] = core.regions
    .map(({ envelopeCommittedCents, ...row }) => ({
      ...row,
      lastUpdatedAt: isoTime(row.lastUpdatedAt),
      commitmentRate: share(envelopeCommittedCents, row.delegatedCents),
      essms: essmsByRegion[row.code] ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const region = context.regionCode === null ? null : regions.find((row) => row.code === context.regionCode);
  // A regional dashboard of an unknown region, or of a region out of the user's scope: nothing to show.
  if (context.regionCode !== null && !region) return null;

  const kpis: DashboardKpis = {
    ...core.kpis,
    paidCents: core.kpis.paidTranche1Cents + core.kpis.paidTranche2Cents,
    essmsOnboarded: Number(essms.total),
    essmsTarget: Number(core.essms_target ?? 0),
    targetsMetShare: share(core.kpis.targetsMet, core.kpis.targetsAssessed),
  };

  const holders = new Map(core.by_holder.map((row) => [`${row.holderKind}|${row.regionCode ?? ''}`, row]));
  const byHolder: DashboardHolderRow[] = regions.map((row) => {
    const holder = holders.get(`ARS|${row.code}`);
    return {
      holderKind: 'ARS',
      regionCode: row.code,
      label: `ARS ${row.name}`,
      delegatedCents: holder?.delegatedCents ?? 0,
      committedCents: holder?.committedCents ?? 0,
      paidCents: holder?.paidCents ?? 0,
    };
  });
  const national = holders.get('NATIONAL|');
  byHolder.push({
    holderKind: 'NATIONAL',
    regionCode: null,
    label: 'Enveloppe nationale',
    delegatedCents: region ? null : (national?.delegatedCents ?? 0),
    committedCents: national?.committedCents ?? 0,
    paidCents: national?.paidCents ?? 0,
  });

  const series = {
    byHolder,
    paymentsByMonth: activity.payments_by_month,
    projectsByStatus: PROJECT_STATUSES.map((status: ProjectStatus) => ({
      status,
      label: PROJECT_STATUS_LABELS[status],
      count: core.by_status[status]?.count ?? 0,
      committedCents: core.by_status[status]?.committedCents ?? 0,
    })),
    milestonesByType: activity.milestones_by_type,
    essmsBySector: ESSMS_SECTORS.map((sector) => ({
      sector,
      label: SECTOR_LABELS[sector],
      essms: essms.by_sector[sector] ?? 0,
    })),
    essmsBySituation: SITUATIONS.map((softwareSituation) => ({
      softwareSituation,
      label: SOFTWARE_SITUATION_LABELS[softwareSituation],
      essms: essms.by_situation[softwareSituation] ?? 0,
    })),
  };
  const common = {
    filters: context.filters,
    today: context.today,
    generatedAt: context.generatedAt.toISOString(),
    kpis,
    series,
    regions,
  };
  if (!region) return { scope: 'national', ...common };
  return {
    scope: 'region',
    ...common,
    region: { code: region.code, name: region.name },
    lateProjects: (core.late_projects ?? []).map((project) => ({
      ...project,
      statusLabel: PROJECT_STATUS_LABELS[project.status],
    })),
  };
}
