import type {
  EnvelopeForecast,
  EnvelopeHolderKind,
  EnvelopeLine,
  EnvelopeRef,
  ForecastAtRiskProject,
  ForecastResponse,
  TransferSimulationResponse,
} from '@esms/api-contract';
import {
  centsFromDb,
  consumptionAgainstPlan,
  cumulativeByMonth,
  FORECAST_METHOD,
  moneyAtRisk,
  monthOf,
  projectConsumption,
  RISK_LEVEL_LABELS,
  simulateTransfer,
  type ConsumptionPoint,
  type EnvelopeSimulationState,
  type RiskLevel,
} from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { envelopeScopeCondition } from '../envelopes/envelope-scope';
import { ForecastQueryDto, TransferSimulationDto } from './dto/risk.dto';
import { parisDay } from './risk-engine';
import { TRANCHE2_SQL } from './risk.mapper';

interface EnvelopeRow {
  id: string;
  campaign_year: number;
  holder_kind: EnvelopeHolderKind;
  region_code: string | null;
  line: EnvelopeLine;
  holder_name: string;
  delegated_cents: string;
  committed_cents: string;
  paid_cents: string;
}

const ENVELOPE_COLUMNS = `e.id, e.campaign_year, e.holder_kind, e.region_code, e.line, e.delegated_cents, e.committed_cents, e.paid_cents,
  CASE e.holder_kind WHEN 'NATIONAL' THEN 'Enveloppe nationale' WHEN 'ARS' THEN r.ars_name ELSE g.name END AS holder_name`;

function refOf(row: EnvelopeRow): EnvelopeRef {
  return { id: row.id, holderKind: row.holder_kind, holderName: row.holder_name, regionCode: row.region_code, line: row.line };
}

interface Series {
  envelope: EnvelopeRow;
  actual: ConsumptionPoint[];
}

/**
 * Consumption forecast of the « Projets » envelopes (national and ARS) of a campaign: monthly cumulative committed
 * (grants of the projects holding a commitment, dated by their decision) and paid (tranches paid, dated), the last
 * month set to the envelope's actual amounts, projected linearly to the campaign end with a band; money at risk;
 * what-if transfer (nothing saved).
 */
@Injectable()
export class ForecastService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async campaign(year: number | undefined): Promise<{ year: number; startOn: string; endOn: string }> {
    const rows = await this.dataSource.query<{ year: number; usage_deadline: string | null }[]>(
      year === undefined
        ? `SELECT year, usage_deadline::text AS usage_deadline FROM campaign WHERE year <= $1 ORDER BY year DESC LIMIT 1`
        : `SELECT year, usage_deadline::text AS usage_deadline FROM campaign WHERE year = $1`,
      [year ?? Number(parisDay().slice(0, 4))],
    );
    const row = rows[0];
    if (!row) throw DomainException.notFound('Campagne', 'campaign');
    return { year: row.year, startOn: `${row.year}-01-01`, endOn: row.usage_deadline ?? `${row.year + 1}-12-31` };
  }

  private async series(envelopes: readonly EnvelopeRow[], startMonth: string, lastMonth: string): Promise<Series[]> {
    if (envelopes.length === 0) return [];
    const ids = envelopes.map((row) => row.id);
    const commitments = await this.dataSource.query<{ envelope_id: string; on: string; amount_cents: string }[]>(
      `SELECT p.envelope_id, COALESCE(p.decided_on, p.created_at::date)::text AS on, COALESCE(p.granted_cents, 0) AS amount_cents
         FROM project p WHERE p.envelope_id = ANY($1::uuid[]) AND p.status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE')`,
      [ids],
    );
    const payments = await this.dataSource.query<{ envelope_id: string; on: string; amount_cents: string }[]>(
      `SELECT p.envelope_id, pay.paid_on::text AS on, pay.amount_cents
         FROM payment pay JOIN project p ON p.id = pay.project_id
        WHERE p.envelope_id = ANY($1::uuid[]) AND pay.paid_on IS NOT NULL AND pay.status IN ('VERSE', 'RECUPERATION_DEMANDEE')`,
      [ids],
    );
    return envelopes.map((envelope) => {
      const of = (rows: typeof commitments): { on: string; amountCents: number }[] =>
        rows.filter((row) => row.envelope_id === envelope.id).map((row) => ({ on: row.on < `${startMonth}-01` ? `${startMonth}-01` : row.on, amountCents: centsFromDb(row.amount_cents) }));
      const actual = cumulativeByMonth(startMonth, lastMonth, of(commitments), of(payments));
      const committed = centsFromDb(envelope.committed_cents);
      const paid = centsFromDb(envelope.paid_cents);
      // The ledger is the truth: the history never exceeds it and ends on it.
      const capped = actual.map((point) => ({ ...point, committedCents: Math.min(point.committedCents, committed), paidCents: Math.min(point.paidCents, paid) }));
      const last = capped[capped.length - 1];
      if (last) Object.assign(last, { committedCents: committed, paidCents: paid });
      return { envelope, actual: capped };
    });
  }

  async forecast(user: CurrentUser, query: ForecastQueryDto): Promise<ForecastResponse> {
    const campaign = await this.campaign(query.campaign);
    const asOf = parisDay();
    const params: unknown[] = [campaign.year];
    const conditions = [`e.campaign_year = $1`, `e.line = 'PROJETS'`, `e.holder_kind IN ('NATIONAL', 'ARS')`, envelopeScopeCondition(user, 'e', params)];
    if (query.region !== undefined) {
      params.push(query.region);
      conditions.push(`e.region_code = $${params.length}`);
    }
    const envelopes = await this.dataSource.query<EnvelopeRow[]>(
      `SELECT ${ENVELOPE_COLUMNS} FROM envelope e LEFT JOIN region r ON r.code = e.region_code LEFT JOIN grades g ON g.id = e.grades_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY CASE e.holder_kind WHEN 'NATIONAL' THEN 0 ELSE 1 END, holder_name`,
      params,
    );
    const startMonth = monthOf(campaign.startOn);
    const endMonth = monthOf(campaign.endOn);
    const currentMonth = monthOf(asOf);
    const lastMonth = currentMonth < startMonth ? startMonth : currentMonth > endMonth ? endMonth : currentMonth;
    const series = await this.series(envelopes, startMonth, lastMonth);

    const risky = await this.dataSource.query<
      { project_id: string; code: string; name: string; region_code: string; envelope_id: string; level: RiskLevel; score: number; tranche2_cents: string }[]
    >(
      `SELECT p.id AS project_id, p.code, p.name, p.region_code, p.envelope_id, pr.level, pr.score, ${TRANCHE2_SQL} AS tranche2_cents
         FROM project_risk pr JOIN project p ON p.id = pr.project_id JOIN campaign c ON c.year = p.campaign_year
        WHERE p.envelope_id = ANY($1::uuid[]) AND pr.level IN ('ELEVE', 'CRITIQUE')`,
      [envelopes.map((row) => row.id)],
    );
    const atRisk = risky.map((row) => ({ ...row, tranche2Cents: centsFromDb(row.tranche2_cents) })).filter((row) => row.tranche2Cents > 0);

    const forecasts: EnvelopeForecast[] = series.map(({ envelope, actual }) => {
      const delegated = centsFromDb(envelope.delegated_cents);
      const committed = centsFromDb(envelope.committed_cents);
      const paid = centsFromDb(envelope.paid_cents);
      const projected = projectConsumption(actual, endMonth, delegated);
      const end = projected[projected.length - 1];
      const plan = consumptionAgainstPlan(campaign.year, asOf, delegated, committed);
      const risk = moneyAtRisk(atRisk.filter((row) => row.envelope_id === envelope.id).map((row) => ({ level: row.level, tranche2Cents: row.tranche2Cents })));
      return {
        envelope: refOf(envelope),
        delegatedCents: delegated,
        committedCents: committed,
        paidCents: paid,
        restToCommitCents: delegated - committed,
        actual,
        projected,
        projectedCommittedAtEndCents: end?.committedCents ?? committed,
        projectedCommittedLowAtEndCents: end?.committedLowCents ?? committed,
        projectedCommittedHighAtEndCents: end?.committedHighCents ?? committed,
        projectedPaidAtEndCents: end?.paidCents ?? paid,
        plannedCommittedToDateCents: plan.plannedCents,
        underConsumed: plan.underConsumed,
        moneyAtRiskCents: risk.cents,
        projectsAtRisk: risk.projects,
      };
    });
    const sum = (pick: (row: EnvelopeForecast) => number): number => forecasts.reduce((total, row) => total + pick(row), 0);
    const atRiskProjects: ForecastAtRiskProject[] = atRisk
      .sort((a, b) => b.tranche2Cents - a.tranche2Cents || a.code.localeCompare(b.code))
      .slice(0, 50)
      .map((row) => ({
        projectId: row.project_id,
        code: row.code,
        name: row.name,
        regionCode: row.region_code,
        level: row.level,
        levelLabel: RISK_LEVEL_LABELS[row.level],
        score: row.score,
        tranche2Cents: row.tranche2Cents,
      }));
    return {
      campaignYear: campaign.year,
      asOf,
      campaignStartOn: campaign.startOn,
      campaignEndOn: campaign.endOn,
      method: `${FORECAST_METHOD} Plan de la campagne : linéaire sur l’année ${campaign.year} (une enveloppe est sous-consommée sous 80 % du plan à date).`,
      envelopes: forecasts,
      totals: {
        delegatedCents: sum((row) => row.delegatedCents),
        committedCents: sum((row) => row.committedCents),
        paidCents: sum((row) => row.paidCents),
        projectedCommittedAtEndCents: sum((row) => row.projectedCommittedAtEndCents),
        moneyAtRiskCents: sum((row) => row.moneyAtRiskCents),
        projectsAtRisk: sum((row) => row.projectsAtRisk),
      },
      atRiskProjects,
    };
  }

  /** What-if transfer between two envelopes of the same campaign and line (nothing is written). */
  async simulateTransfer(user: CurrentUser, dto: TransferSimulationDto): Promise<TransferSimulationResponse> {
    const fromId = dto.fromEnvelopeId.toLowerCase();
    const toId = dto.toEnvelopeId.toLowerCase();
    if (fromId === toId) {
      throw new DomainException('VALIDATION_FAILED', 'L’enveloppe destinataire doit être différente de l’enveloppe d’origine.', 'toEnvelopeId');
    }
    const params: unknown[] = [[fromId, toId]];
    const scope = envelopeScopeCondition(user, 'e', params);
    const rows = await this.dataSource.query<EnvelopeRow[]>(
      `SELECT ${ENVELOPE_COLUMNS} FROM envelope e LEFT JOIN region r ON r.code = e.region_code LEFT JOIN grades g ON g.id = e.grades_id
        WHERE e.id = ANY($1::uuid[]) AND ${scope}`,
      params,
    );
    const from = rows.find((row) => row.id === fromId);
    const to = rows.find((row) => row.id === toId);
    if (!from) throw DomainException.notFound('Enveloppe d’origine', 'fromEnvelopeId');
    if (!to) throw DomainException.notFound('Enveloppe destinataire', 'toEnvelopeId');
    if (from.campaign_year !== to.campaign_year) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Les deux enveloppes doivent être de la même campagne (origine ${from.campaign_year}, destinataire ${to.campaign_year}).`,
        'toEnvelopeId',
      );
    }
    if (from.line !== to.line) {
      throw new DomainException('VALIDATION_FAILED', 'Les deux enveloppes doivent être de la même ligne budgétaire.', 'toEnvelopeId');
    }
    const campaign = await this.campaign(from.campaign_year);
    const asOf = parisDay();
    const startMonth = monthOf(campaign.startOn);
    const endMonth = monthOf(campaign.endOn);
    const currentMonth = monthOf(asOf);
    const lastMonth = currentMonth < startMonth ? startMonth : currentMonth > endMonth ? endMonth : currentMonth;
    const series = await this.series([from, to], startMonth, lastMonth);
    const state = (envelope: EnvelopeRow): EnvelopeSimulationState => {
      const actual = series.find((item) => item.envelope.id === envelope.id)?.actual ?? [];
      // The uncapped trend: project with an unlimited envelope, then the simulation caps with each delegated amount.
      const projected = projectConsumption(actual, endMonth, Number.MAX_SAFE_INTEGER);
      return {
        delegatedCents: centsFromDb(envelope.delegated_cents),
        committedCents: centsFromDb(envelope.committed_cents),
        paidCents: centsFromDb(envelope.paid_cents),
        trendCommittedAtEndCents: projected[projected.length - 1]?.committedCents ?? centsFromDb(envelope.committed_cents),
      };
    };
    const result = simulateTransfer(state(from), state(to), dto.amountCents);
    if (!result.ok) throw new DomainException(result.code, result.message, result.field);
    return {
      amountCents: dto.amountCents,
      from: { envelope: refOf(from), ...result.from },
      to: { envelope: refOf(to), ...result.to },
    };
  }
}
