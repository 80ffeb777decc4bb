import { formatEuros, type Cents } from './money';
import type { RiskLevel } from './risk';

/**
 * Envelope consumption forecast: monthly cumulative committed and paid amounts projected to the campaign end,
 * with a band; money at risk; what-if transfer between two envelopes. Pure: the caller passes the months.
 */

/** Cumulative amounts at the end of a month `YYYY-MM`. */
export interface ConsumptionPoint {
  month: string;
  committedCents: Cents;
  paidCents: Cents;
}

export interface ProjectedPoint {
  month: string;
  committedCents: Cents;
  committedLowCents: Cents;
  committedHighCents: Cents;
  paidCents: Cents;
  paidLowCents: Cents;
  paidHighCents: Cents;
}

/** Months used for the trend (the last ones of the history). */
export const FORECAST_WINDOW_MONTHS = 6;

export const FORECAST_METHOD =
  'Projection linéaire : hausse mensuelle moyenne des six derniers mois, prolongée jusqu’à la fin de la campagne. ' +
  'Fourchette : plus faible et plus forte hausse mensuelle observées sur la même période. ' +
  'L’engagé ne dépasse jamais le délégué, le versé jamais l’engagé.';

/** `YYYY-MM` of a `YYYY-MM-DD` day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The month `count` months after `month` (negative: before). */
export function addMonths(month: string, count: number): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1 + count;
  const y = year + Math.floor(index / 12);
  const m = ((index % 12) + 12) % 12;
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive (empty when `to` is before `from`). */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/**
 * Cumulative monthly history from dated movements: `committed` (commitment day, amount; negative for a release)
 * and `paid` (payment day, amount), from `fromMonth` to `toMonth`.
 */
export function cumulativeByMonth(
  fromMonth: string,
  toMonth: string,
  committed: readonly { on: string; amountCents: Cents }[],
  paid: readonly { on: string; amountCents: Cents }[],
): ConsumptionPoint[] {
  return monthRange(fromMonth, toMonth).map((month) => ({
    month,
    committedCents: committed.filter((row) => monthOf(row.on) <= month).reduce((sum, row) => sum + row.amountCents, 0),
    paidCents: paid.filter((row) => monthOf(row.on) <= month).reduce((sum, row) => sum + row.amountCents, 0),
  }));
}

interface Trend {
  mean: number;
  low: number;
  high: number;
}

function trendOf(values: readonly number[]): Trend {
  const window = values.slice(-(FORECAST_WINDOW_MONTHS + 1));
  const increments: number[] = [];
  for (let index = 1; index < window.length; index += 1) increments.push(Math.max(0, (window[index] ?? 0) - (window[index - 1] ?? 0)));
  if (increments.length === 0) return { mean: 0, low: 0, high: 0 };
  const mean = increments.reduce((sum, value) => sum + value, 0) / increments.length;
  return { mean, low: Math.min(...increments), high: Math.max(...increments) };
}

/**
 * Projects the history to `endMonth`: the first point is the last actual one, then one per month. Committed is
 * capped at `delegatedCents`; paid at the committed amount of the same bound.
 */
export function projectConsumption(actual: readonly ConsumptionPoint[], endMonth: string, delegatedCents: Cents): ProjectedPoint[] {
  const last = actual[actual.length - 1];
  if (!last) return [];
  const committed = trendOf(actual.map((point) => point.committedCents));
  const paid = trendOf(actual.map((point) => point.paidCents));
  const cap = Math.max(delegatedCents, last.committedCents);
  return monthRange(last.month, endMonth).map((month, k) => {
    const c = (slope: number): Cents => Math.min(cap, Math.round(last.committedCents + slope * k));
    const committedCents = c(committed.mean);
    const committedLowCents = c(committed.low);
    const committedHighCents = c(committed.high);
    const p = (slope: number, ceiling: Cents): Cents => Math.min(ceiling, Math.round(last.paidCents + slope * k));
    return {
      month,
      committedCents,
      committedLowCents,
      committedHighCents,
      paidCents: p(paid.mean, committedCents),
      paidLowCents: p(paid.low, committedLowCents),
      paidHighCents: p(paid.high, committedHighCents),
    };
  });
}

/** Share (0–1) of the campaign year elapsed at `asOf` (1 January → 31 December of `year`). */
export function elapsedShareOfYear(year: number, asOf: string): number {
  const start = Date.parse(`${year}-01-01T00:00:00Z`);
  const end = Date.parse(`${year + 1}-01-01T00:00:00Z`);
  const now = Date.parse(`${asOf}T00:00:00Z`) + 86_400_000;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

/** Share of the plan below which an envelope is under-consumed. */
export const UNDER_CONSUMPTION_RATIO = 0.8;

/**
 * The campaign plan to date (a linear plan over the campaign's year: delegated × elapsed share) and whether the
 * committed amount is under {@link UNDER_CONSUMPTION_RATIO} of it.
 */
export function consumptionAgainstPlan(
  year: number,
  asOf: string,
  delegatedCents: Cents,
  committedCents: Cents,
): { plannedCents: Cents; underConsumed: boolean; label: string } {
  const share = elapsedShareOfYear(year, asOf);
  const plannedCents = Math.round(delegatedCents * share);
  const underConsumed = plannedCents > 0 && committedCents < plannedCents * UNDER_CONSUMPTION_RATIO;
  const ratio = plannedCents === 0 ? 100 : Math.round((committedCents / plannedCents) * 100);
  return {
    plannedCents,
    underConsumed,
    label: `${formatEuros(committedCents)} engagés pour ${formatEuros(plannedCents)} prévus à date (${ratio} % du plan)`,
  };
}

/** Money at risk: the tranche 2 still to pay of projects at ÉLEVÉ or CRITIQUE. */
export function moneyAtRisk(projects: readonly { level: RiskLevel; tranche2Cents: Cents }[]): { cents: Cents; projects: number } {
  const atRisk = projects.filter((project) => (project.level === 'ELEVE' || project.level === 'CRITIQUE') && project.tranche2Cents > 0);
  return { cents: atRisk.reduce((sum, project) => sum + project.tranche2Cents, 0), projects: atRisk.length };
}

/** An envelope as the simulation reads it, with its projected committed amount at the campaign end. */
export interface EnvelopeSimulationState {
  delegatedCents: Cents;
  committedCents: Cents;
  paidCents: Cents;
  /** Projection before any cap by the delegated amount (the trend's raw end value). */
  trendCommittedAtEndCents: Cents;
}

export interface SimulatedState {
  delegatedCents: Cents;
  committedCents: Cents;
  paidCents: Cents;
  restToCommitCents: Cents;
  projectedCommittedAtEndCents: Cents;
  projectedUnusedAtEndCents: Cents;
}

export type TransferSimulation =
  | { ok: true; from: { before: SimulatedState; after: SimulatedState }; to: { before: SimulatedState; after: SimulatedState } }
  | { ok: false; code: 'VALIDATION_FAILED' | 'ENVELOPE_BELOW_COMMITTED'; field: string; message: string };

function stateWith(envelope: EnvelopeSimulationState, delegatedCents: Cents): SimulatedState {
  const projected = Math.min(Math.max(delegatedCents, envelope.committedCents), Math.max(envelope.committedCents, envelope.trendCommittedAtEndCents));
  return {
    delegatedCents,
    committedCents: envelope.committedCents,
    paidCents: envelope.paidCents,
    restToCommitCents: delegatedCents - envelope.committedCents,
    projectedCommittedAtEndCents: projected,
    projectedUnusedAtEndCents: delegatedCents - projected,
  };
}

/**
 * What-if transfer of `amountCents` from one envelope to another: both states before and after. Refused with the
 * real transfer's rule when the source would end below its committed amount.
 */
export function simulateTransfer(from: EnvelopeSimulationState, to: EnvelopeSimulationState, amountCents: Cents): TransferSimulation {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    return { ok: false, code: 'VALIDATION_FAILED', field: 'amountCents', message: 'Le montant doit être un nombre entier de centimes strictement positif.' };
  }
  if (from.delegatedCents - amountCents < from.committedCents) {
    const room = from.delegatedCents - from.committedCents;
    return {
      ok: false,
      code: 'ENVELOPE_BELOW_COMMITTED',
      field: 'amountCents',
      message:
        `Impossible de réduire l'enveloppe de ${formatEuros(amountCents)} : ${formatEuros(from.committedCents)} sont déjà engagés ` +
        `sur ${formatEuros(from.delegatedCents)} délégués (réduction possible : ${formatEuros(room)} au plus).`,
    };
  }
  return {
    ok: true,
    from: { before: stateWith(from, from.delegatedCents), after: stateWith(from, from.delegatedCents - amountCents) },
    to: { before: stateWith(to, to.delegatedCents), after: stateWith(to, to.delegatedCents + amountCents) },
  };
}
