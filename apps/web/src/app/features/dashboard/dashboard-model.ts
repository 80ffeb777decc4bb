import type { Params, ParamMap } from '@angular/router';

import type {
  DashboardFilters,
  DashboardHolderRow,
  DashboardKpis,
  DashboardMilestoneTypeRow,
  DashboardPaymentMonth,
  DashboardStatusRow,
} from '@esms/api-contract';
import { ESSMS_SECTORS, type EssmsSector } from '@esms/domain';
import {
  type ChartSeriesModel,
  formatCompact,
  formatCount,
  formatExact,
  formatPercentPoints,
} from '@esms/ui-charts';

/**
 * The dashboards' filters as the address holds them: `?campagne=2024&appel=regional&secteur=PH`. Anything unknown
 * is ignored (a shared link never breaks the page).
 */
export function readDashboardFilters(params: ParamMap): DashboardFilters {
  const campaign = Number(params.get('campagne'));
  const callType = params.get('appel');
  const sector = params.get('secteur');
  return {
    campaign:
      params.has('campagne') && Number.isInteger(campaign) && campaign >= 2021 && campaign <= 2100
        ? campaign
        : null,
    callType: callType === 'regional' || callType === 'national' ? callType : null,
    sector: (ESSMS_SECTORS as readonly string[]).includes(sector ?? '') ? (sector as EssmsSector) : null,
  };
}

/** The address's query parameters of the filters (only those set): kept when drilling into a region. */
export function dashboardQueryParams(filters: DashboardFilters): Params {
  const params: Params = {};
  if (filters.campaign !== null) params['campagne'] = String(filters.campaign);
  if (filters.callType) params['appel'] = filters.callType;
  if (filters.sector) params['secteur'] = filters.sector;
  return params;
}

export function sameDashboardFilters(a: DashboardFilters, b: DashboardFilters): boolean {
  return a.campaign === b.campaign && a.callType === b.callType && a.sector === b.sector;
}

export function hasDashboardFilters(filters: DashboardFilters): boolean {
  return filters.campaign !== null || filters.callType !== null || filters.sector !== null;
}

/** One KPI tile, as `<esms-kpi-tile>` takes it. */
export interface KpiTileModel {
  readonly label: string;
  readonly value: number | null;
  readonly unit: 'cents' | 'count';
  readonly target?: number;
  readonly detail: string;
}

/** `part / whole` in points; null when the whole is zero. */
function share(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

function plural(count: number, singular: string, pluralForm: string): string {
  return `${formatCount(count)} ${count === 1 || count === 0 ? singular : pluralForm}`;
}

/** The six key figures, in the order of the page. */
export function kpiTiles(kpis: DashboardKpis): KpiTileModel[] {
  const committedShare = share(kpis.committedCents, kpis.delegatedProjectsCents);
  return [
    {
      label: 'Enveloppes déléguées',
      value: kpis.delegatedCents,
      unit: 'cents',
      detail: `dont ${formatCompact(kpis.delegatedProjectsCents, 'cents')} pour les projets`,
    },
    {
      label: 'Engagé',
      value: kpis.committedCents,
      unit: 'cents',
      detail:
        committedShare === null
          ? 'Aucune enveloppe Projets déléguée'
          : `${formatPercentPoints(Math.round(committedShare))} de l’enveloppe Projets`,
    },
    {
      label: 'Versé',
      value: kpis.paidCents,
      unit: 'cents',
      detail: `T1 : ${formatCompact(kpis.paidTranche1Cents, 'cents')} · T2 : ${formatCompact(kpis.paidTranche2Cents, 'cents')}`,
    },
    {
      label: 'Reste à engager',
      value: kpis.restToCommitCents,
      unit: 'cents',
      detail: 'Sur les enveloppes Projets',
    },
    {
      label: 'ESSMS embarqués',
      value: kpis.essmsOnboarded,
      unit: 'count',
      target: kpis.essmsTarget,
      detail:
        kpis.essmsTarget > 0
          ? `${formatPercentPoints(Math.round((kpis.essmsOnboarded / kpis.essmsTarget) * 1000) / 10)} de la cible`
          : '',
    },
    {
      label: 'Montant à risque',
      value: kpis.atRiskCents,
      unit: 'cents',
      detail: `${plural(kpis.lateMilestones, 'jalon en retard', 'jalons en retard')} dans ${plural(kpis.projectsWithLateMilestones, 'projet', 'projets')}`,
    },
  ];
}

/** A chart of the page: its finding, its one-sentence summary and its series. */
export interface DashboardChart {
  readonly title: string;
  readonly summary: string;
  readonly model: ChartSeriesModel;
}

/** « de l’ARS Bretagne », « de l’Enveloppe nationale ». */
function elided(label: string): string {
  return /^[AEIOUYÉÈÊÎÔ]/iu.test(label) ? `L’${label}` : `Le ${label}`;
}

/** « Délégué, engagé et versé » per holder (ARS, national envelope). */
export function holderChart(rows: readonly DashboardHolderRow[], campaignText: string): DashboardChart {
  const model: ChartSeriesModel = {
    title: `Enveloppe déléguée, engagé et versé par enveloppe, ${campaignText}`,
    labels: rows.map((row) => row.label),
    categoryTitle: 'Enveloppe',
    valueTitle: 'Montant',
    series: [
      {
        key: 'delegated',
        label: 'Enveloppe déléguée',
        unit: 'cents',
        values: rows.map((row) => row.delegatedCents),
      },
      { key: 'committed', label: 'Engagé', unit: 'cents', values: rows.map((row) => row.committedCents) },
      { key: 'paid', label: 'Versé', unit: 'cents', values: rows.map((row) => row.paidCents) },
    ],
  };
  const rated = rows
    .filter((row) => row.holderKind === 'ARS' && row.delegatedCents !== null && row.delegatedCents > 0)
    .map((row) => ({ label: row.label, rate: (row.committedCents / (row.delegatedCents ?? 1)) * 100 }));
  if (rated.length === 0) {
    return {
      model,
      title: 'Aucune enveloppe d’ARS déléguée pour ces filtres',
      summary:
        'Aucune ARS n’a d’enveloppe Projets déléguée pour ces filtres : aucun taux d’engagement à comparer.',
    };
  }
  const best = rated.reduce((top, row) => (row.rate > top.rate ? row : top));
  if (rated.length === 1) {
    const rate = formatPercentPoints(Math.round(best.rate));
    return {
      model,
      title: `${best.label} : ${rate} de l’enveloppe engagée`,
      summary: `${elided(best.label)} a engagé ${rate} de son enveloppe Projets.`,
    };
  }
  const underHalf = rated.filter((row) => row.rate < 50).length;
  return {
    model,
    title:
      underHalf === 0
        ? 'Toutes les ARS ont engagé au moins la moitié de leur enveloppe'
        : underHalf === rated.length
          ? 'Aucune ARS n’a encore engagé la moitié de son enveloppe'
          : `${formatCount(underHalf)} ARS sur ${formatCount(rated.length)} ont engagé moins de la moitié de leur enveloppe`,
    summary: `${elided(best.label)} a engagé ${formatPercentPoints(Math.round(best.rate))} de son enveloppe, la plus forte part.`,
  };
}

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });

function monthDate(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

/** « novembre 2026 ». */
export function formatMonth(month: string): string {
  return MONTH.format(monthDate(month));
}

/** Cumulative payments per month (the running total the API gives). */
export function paymentsChart(
  months: readonly DashboardPaymentMonth[],
  campaignText: string,
): DashboardChart {
  const model: ChartSeriesModel = {
    title: `Versements cumulés par mois, ${campaignText}`,
    labels: months.map((month) => SHORT_MONTH.format(monthDate(month.month))),
    categoryTitle: 'Mois',
    valueTitle: 'Versé cumulé',
    series: [
      {
        key: 'paid',
        label: 'Versé cumulé',
        unit: 'cents',
        values: months.map((month) => month.cumulativeCents),
      },
    ],
  };
  const last = months.at(-1);
  const first = months[0];
  if (!last || !first || last.cumulativeCents === 0) {
    return {
      model,
      title: 'Aucun versement pour ces filtres',
      summary: 'Aucune tranche n’a encore été versée pour ces filtres.',
    };
  }
  return {
    model,
    title: `${formatCompact(last.cumulativeCents, 'cents')} versés depuis ${formatMonth(first.month)}`,
    summary: `Les versements cumulés atteignent ${formatExact(last.cumulativeCents, 'cents')} fin ${formatMonth(last.month)}, dont ${formatExact(last.tranche1Cents + last.tranche2Cents, 'cents')} versés ce mois-là.`,
  };
}

/** Projects per status (statuses without a project left out). */
export function statusChart(rows: readonly DashboardStatusRow[], campaignText: string): DashboardChart {
  const kept = rows.filter((row) => row.count > 0);
  const model: ChartSeriesModel = {
    title: `Projets par statut, ${campaignText}`,
    labels: kept.map((row) => row.label),
    categoryKeys: kept.map((row) => row.status),
    categoryTitle: 'Statut',
    valueTitle: 'Projets',
    series: [{ key: 'projects', label: 'Projets', unit: 'count', values: kept.map((row) => row.count) }],
  };
  const total = kept.reduce((sum, row) => sum + row.count, 0);
  const top = kept.reduce<DashboardStatusRow | null>(
    (best, row) => (!best || row.count > best.count ? row : best),
    null,
  );
  if (!top)
    return {
      model,
      title: 'Aucun projet pour ces filtres',
      summary: 'Aucun projet ne correspond à ces filtres.',
    };
  return {
    model,
    title: `« ${top.label} », le statut le plus fréquent`,
    summary: `Sur ${plural(total, 'projet', 'projets')}, ${formatCount(top.count)} ${top.count > 1 ? 'sont' : 'est'} au statut « ${top.label} », le plus fréquent.`,
  };
}

/** Milestones per catalogue type: validated, declared, late, to come, not reached. */
export function milestonesChart(
  rows: readonly DashboardMilestoneTypeRow[],
  campaignText: string,
): DashboardChart {
  const sorted = [...rows].sort((a, b) => a.position - b.position);
  const model: ChartSeriesModel = {
    title: `Jalons par type et par état, ${campaignText}`,
    labels: sorted.map((row) => row.label),
    categoryTitle: 'Jalon',
    valueTitle: 'Jalons',
    series: [
      { key: 'validated', label: 'Validés', unit: 'count', values: sorted.map((row) => row.validated) },
      { key: 'declared', label: 'Déclarés', unit: 'count', values: sorted.map((row) => row.declared) },
      { key: 'late', label: 'En retard', unit: 'count', values: sorted.map((row) => row.late) },
      { key: 'toCome', label: 'À venir', unit: 'count', values: sorted.map((row) => row.toCome) },
      {
        key: 'notReached',
        label: 'Non atteints',
        unit: 'count',
        values: sorted.map((row) => row.notReached),
      },
    ],
  };
  const total = sorted.reduce((sum, row) => sum + row.total, 0);
  const validated = sorted.reduce((sum, row) => sum + row.validated, 0);
  const late = sorted.reduce((sum, row) => sum + row.late, 0);
  if (total === 0)
    return {
      model,
      title: 'Aucun jalon pour ces filtres',
      summary: 'Aucun jalon ne correspond à ces filtres.',
    };
  const validatedText = `${formatPercentPoints(Math.round((validated / total) * 100))} des ${formatCount(total)} jalons sont validés`;
  if (late === 0) {
    return { model, title: 'Aucun jalon en retard', summary: `${validatedText} et aucun n’est en retard.` };
  }
  const worst = sorted.reduce((top, row) => (row.late > top.late ? row : top));
  return {
    model,
    title: `${plural(late, 'jalon en retard', 'jalons en retard')}, surtout « ${worst.label} »`,
    summary: `${validatedText} ; « ${worst.label} » compte le plus de jalons en retard (${formatCount(worst.late)}).`,
  };
}

/** « campagne 2024 », « toutes campagnes »: said in the captions of the data tables. */
export function campaignText(filters: DashboardFilters): string {
  return filters.campaign === null ? 'toutes campagnes' : `campagne ${filters.campaign}`;
}
