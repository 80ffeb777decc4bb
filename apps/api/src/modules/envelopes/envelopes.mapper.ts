import {
  ENVELOPE_LINE_LABELS,
  ENVELOPE_LINES,
  type EnvelopeAmendmentResponse,
  type EnvelopeAmounts,
  type EnvelopeHolderKind,
  type EnvelopeLine,
  type EnvelopeRef,
  type EnvelopeResponse,
  type EnvelopeTransferResponse,
} from '@esms/api-contract';
import { centsFromDb, sumCents } from '@esms/domain';

/** SQL of an envelope's holder name, from the envelope, its region and its GRADeS aliases. */
export function holderNameSql(envelope: string, region: string, grades: string): string {
  return `CASE ${envelope}.holder_kind WHEN 'NATIONAL' THEN 'Enveloppe nationale' WHEN 'ARS' THEN ${region}.ars_name ELSE ${grades}.name END`;
}

/** One envelope with its holder and the sums of its history (alias `e`; add the WHERE clause). */
export const ENVELOPE_SELECT = `
  SELECT e.id, e.campaign_year, e.holder_kind, e.region_code, e.grades_id, e.line,
         ${holderNameSql('e', 'r', 'g')} AS holder_name,
         CASE e.holder_kind
           WHEN 'ARS' THEN ARRAY[e.region_code]::varchar[]
           WHEN 'GRADES' THEN COALESCE((SELECT array_agg(rg.region_code ORDER BY rg.region_code) FROM region_grades rg WHERE rg.grades_id = e.grades_id), ARRAY[]::varchar[])
           ELSE ARRAY[]::varchar[]
         END AS region_codes,
         e.initial_cents, e.delegated_cents, e.committed_cents, e.paid_cents, e.version, e.updated_at,
         (SELECT COALESCE(sum(a.delta_cents), 0)::bigint FROM envelope_amendment a WHERE a.envelope_id = e.id) AS amendments_cents,
         (SELECT COALESCE(sum(t.amount_cents), 0)::bigint FROM envelope_transfer t WHERE t.to_envelope_id = e.id) AS transfers_in_cents,
         (SELECT COALESCE(sum(t.amount_cents), 0)::bigint FROM envelope_transfer t WHERE t.from_envelope_id = e.id) AS transfers_out_cents
    FROM envelope e
    LEFT JOIN region r ON r.code = e.region_code
    LEFT JOIN grades g ON g.id = e.grades_id`;

/** A transfer with both envelopes' references (alias `t`; add the WHERE clause). */
export const TRANSFER_SELECT = `
  SELECT t.id, t.campaign_year, t.amount_cents, t.reason, t.decided_on, t.created_at, u.display_name AS created_by_name,
         f.id AS from_id, f.holder_kind AS from_holder_kind, f.region_code AS from_region_code, f.line AS from_line,
         ${holderNameSql('f', 'fr', 'fg')} AS from_holder_name,
         d.id AS to_id, d.holder_kind AS to_holder_kind, d.region_code AS to_region_code, d.line AS to_line,
         ${holderNameSql('d', 'dr', 'dg')} AS to_holder_name
    FROM envelope_transfer t
    JOIN envelope f ON f.id = t.from_envelope_id
    JOIN envelope d ON d.id = t.to_envelope_id
    LEFT JOIN region fr ON fr.code = f.region_code
    LEFT JOIN grades fg ON fg.id = f.grades_id
    LEFT JOIN region dr ON dr.code = d.region_code
    LEFT JOIN grades dg ON dg.id = d.grades_id
    LEFT JOIN app_user u ON u.id = t.created_by`;

export const AMENDMENT_SELECT = `
  SELECT a.id, a.envelope_id, a.delta_cents, a.reason, a.decided_on, a.created_at, u.display_name AS created_by_name
    FROM envelope_amendment a
    LEFT JOIN app_user u ON u.id = a.created_by`;

export interface EnvelopeRow {
  id: string;
  campaign_year: number;
  holder_kind: EnvelopeHolderKind;
  region_code: string | null;
  grades_id: number | null;
  line: EnvelopeLine;
  holder_name: string;
  region_codes: string[];
  initial_cents: string;
  delegated_cents: string;
  committed_cents: string;
  paid_cents: string;
  amendments_cents: string;
  transfers_in_cents: string;
  transfers_out_cents: string;
  version: number;
  updated_at: Date;
}

export interface TransferRow {
  id: string;
  campaign_year: number;
  amount_cents: string;
  reason: string;
  decided_on: string;
  created_at: Date;
  created_by_name: string | null;
  from_id: string;
  from_holder_kind: EnvelopeHolderKind;
  from_region_code: string | null;
  from_line: EnvelopeLine;
  from_holder_name: string;
  to_id: string;
  to_holder_kind: EnvelopeHolderKind;
  to_region_code: string | null;
  to_line: EnvelopeLine;
  to_holder_name: string;
}

export interface AmendmentRow {
  id: string;
  envelope_id: string;
  delta_cents: string;
  reason: string;
  decided_on: string;
  created_at: Date;
  created_by_name: string | null;
}

export function toEnvelopeResponse(row: EnvelopeRow): EnvelopeResponse {
  const delegatedCents = centsFromDb(row.delegated_cents);
  const committedCents = centsFromDb(row.committed_cents);
  return {
    id: row.id,
    campaignYear: row.campaign_year,
    holderKind: row.holder_kind,
    holderName: row.holder_name,
    regionCode: row.region_code,
    gradesId: row.grades_id,
    regionCodes: row.region_codes,
    line: row.line,
    lineLabel: ENVELOPE_LINE_LABELS[row.line],
    initialCents: centsFromDb(row.initial_cents),
    delegatedCents,
    committedCents,
    paidCents: centsFromDb(row.paid_cents),
    restToCommitCents: delegatedCents - committedCents,
    amendmentsCents: centsFromDb(row.amendments_cents),
    transfersInCents: centsFromDb(row.transfers_in_cents),
    transfersOutCents: centsFromDb(row.transfers_out_cents),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

const AMOUNT_KEYS = [
  'initialCents',
  'delegatedCents',
  'committedCents',
  'paidCents',
  'restToCommitCents',
  'amendmentsCents',
  'transfersInCents',
  'transfersOutCents',
] as const satisfies readonly (keyof EnvelopeAmounts)[];

/** The totals row of a set of envelopes. */
export function sumAmounts(envelopes: readonly EnvelopeAmounts[]): EnvelopeAmounts {
  const totals = {} as EnvelopeAmounts;
  for (const key of AMOUNT_KEYS) totals[key] = sumCents(envelopes.map((envelope) => envelope[key]));
  return totals;
}

const HOLDER_ORDER: Readonly<Record<EnvelopeHolderKind, number>> = { NATIONAL: 0, ARS: 1, GRADES: 2 };

/** Campaign (newest first), national then ARS then GRADeS, holder name in French order, line. */
export function compareEnvelopes(a: EnvelopeResponse, b: EnvelopeResponse): number {
  return (
    b.campaignYear - a.campaignYear ||
    HOLDER_ORDER[a.holderKind] - HOLDER_ORDER[b.holderKind] ||
    a.holderName.localeCompare(b.holderName, 'fr') ||
    ENVELOPE_LINES.indexOf(a.line) - ENVELOPE_LINES.indexOf(b.line)
  );
}

export function toAmendmentResponse(row: AmendmentRow): EnvelopeAmendmentResponse {
  return {
    id: row.id,
    envelopeId: row.envelope_id,
    deltaCents: centsFromDb(row.delta_cents),
    reason: row.reason,
    decidedOn: row.decided_on,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  };
}

export function toTransferResponse(row: TransferRow): EnvelopeTransferResponse {
  const from: EnvelopeRef = {
    id: row.from_id,
    holderKind: row.from_holder_kind,
    holderName: row.from_holder_name,
    regionCode: row.from_region_code,
    line: row.from_line,
  };
  const to: EnvelopeRef = {
    id: row.to_id,
    holderKind: row.to_holder_kind,
    holderName: row.to_holder_name,
    regionCode: row.to_region_code,
    line: row.to_line,
  };
  return {
    id: row.id,
    campaignYear: row.campaign_year,
    from,
    to,
    amountCents: centsFromDb(row.amount_cents),
    reason: row.reason,
    decidedOn: row.decided_on,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  };
}
