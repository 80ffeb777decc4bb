import type { ParamMap, Params } from '@angular/router';

import { RISK_STATUSES, type RiskStatus } from '@esms/api-contract';
import { RISK_LEVELS, RISK_LEVEL_LABELS, type RiskLevel } from '@esms/domain';

/**
 * Filters of the « Risques » pages, as the address holds them:
 * `?campagne=2024&region=53&niveau=ELEVE,CRITIQUE&statut=OUVERT&probabilite=3&impact=4&q=editeur&projet=…&page=2`.
 * Anything unknown is ignored: a shared link never breaks a page.
 */
export interface RiskFilters {
  readonly campaign: number | null;
  readonly region: string | null;
  /** Levels, riskiest last, or empty for all. */
  readonly levels: readonly RiskLevel[];
  /** Register statuses, or empty for « open or being handled » (the API's default for the heat map). */
  readonly statuses: readonly RiskStatus[];
  readonly probability: number | null;
  readonly impact: number | null;
  readonly q: string;
  /** The project whose trend is shown (overview). */
  readonly project: string | null;
  readonly page: number;
}

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  const wanted = new Set(value.split(','));
  return allowed.filter((candidate) => wanted.has(candidate));
}

function scale(value: string | null): number | null {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= 1 && number <= 4 ? number : null;
}

export function readRiskFilters(params: ParamMap): RiskFilters {
  const campaign = Number(params.get('campagne'));
  const region = params.get('region');
  const page = Number(params.get('page'));
  const project = params.get('projet');
  return {
    campaign: Number.isInteger(campaign) && campaign >= 2021 && campaign <= 2100 ? campaign : null,
    region: region && /^\d{2}$/.test(region) ? region : null,
    levels: listOf(params.get('niveau'), RISK_LEVELS),
    statuses: listOf(params.get('statut'), RISK_STATUSES),
    probability: scale(params.get('probabilite')),
    impact: scale(params.get('impact')),
    q: (params.get('q') ?? '').trim().slice(0, 100),
    project: project && /^[0-9a-f-]{36}$/i.test(project) ? project : null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function sameRiskFilters(a: RiskFilters, b: RiskFilters): boolean {
  return (
    a.campaign === b.campaign &&
    a.region === b.region &&
    a.levels.join() === b.levels.join() &&
    a.statuses.join() === b.statuses.join() &&
    a.probability === b.probability &&
    a.impact === b.impact &&
    a.q === b.q &&
    a.project === b.project &&
    a.page === b.page
  );
}

/** The address of the filters (empty ones left out; page 1 is no page). */
export function riskQueryParams(filters: Partial<RiskFilters>): Params {
  return {
    campagne: filters.campaign ?? null,
    region: filters.region ?? null,
    niveau: filters.levels?.length ? filters.levels.join(',') : null,
    statut: filters.statuses?.length ? filters.statuses.join(',') : null,
    probabilite: filters.probability ?? null,
    impact: filters.impact ?? null,
    q: filters.q || null,
    projet: filters.project ?? null,
    page: filters.page && filters.page > 1 ? filters.page : null,
  };
}

/** Choices of the level filter: each level, and « élevé ou critique » (the projects whose tranche 2 is at risk). */
export const LEVEL_CHOICES: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'ELEVE,CRITIQUE', label: 'Élevé ou critique' },
  ...[...RISK_LEVELS].reverse().map((level) => ({ value: level, label: RISK_LEVEL_LABELS[level] })),
];
