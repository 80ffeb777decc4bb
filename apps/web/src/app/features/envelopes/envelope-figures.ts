import type { ParamMap } from '@angular/router';

import {
  ENVELOPE_HOLDER_KINDS,
  ENVELOPE_LINES,
  ENVELOPE_LINE_LABELS,
  type EnvelopeAmounts,
  type EnvelopeDetailResponse,
  type EnvelopeHolderKind,
  type EnvelopeLine,
  type EnvelopeResponse,
} from '@esms/api-contract';
import { formatEuros } from '@esms/domain';

import { formatPercent } from '../../shared/format/format';

/** The list's filters, as the address holds them: `?campagne=2024&detenteur=ARS&ligne=PROJETS`. */
export interface EnvelopeFilters {
  /** Null: the latest campaign. */
  readonly campaign: number | null;
  readonly holder: EnvelopeHolderKind | null;
  readonly line: EnvelopeLine | null;
}

function isHolderKind(value: string | null): value is EnvelopeHolderKind {
  return (ENVELOPE_HOLDER_KINDS as readonly (string | null)[]).includes(value);
}

function isLine(value: string | null): value is EnvelopeLine {
  return (ENVELOPE_LINES as readonly (string | null)[]).includes(value);
}

/** Reads the filters of the address; a value the API would refuse is ignored. */
export function readEnvelopeFilters(params: ParamMap): EnvelopeFilters {
  const raw = params.get('campagne');
  const campaign = raw !== null && /^\d{4}$/.test(raw) ? Number(raw) : null;
  const holder = params.get('detenteur');
  const line = params.get('ligne');
  return {
    campaign: campaign !== null && campaign >= 2021 && campaign <= 2100 ? campaign : null,
    holder: isHolderKind(holder) ? holder : null,
    line: isLine(line) ? line : null,
  };
}

export function sameEnvelopeFilters(a: EnvelopeFilters, b: EnvelopeFilters): boolean {
  return a.campaign === b.campaign && a.holder === b.holder && a.line === b.line;
}

/** « Taux d'engagement »: committed / delegated, in points; null when nothing is delegated. */
export function engagementRate(
  amounts: Pick<EnvelopeAmounts, 'committedCents' | 'delegatedCents'>,
): number | null {
  if (amounts.delegatedCents <= 0) return null;
  return (amounts.committedCents / amounts.delegatedCents) * 100;
}

/** « 46,1 % » (narrow no-break space before %), « Sans objet » when nothing is delegated. */
export function formatRate(amounts: Pick<EnvelopeAmounts, 'committedCents' | 'delegatedCents'>): string {
  const rate = engagementRate(amounts);
  return rate === null ? 'Sans objet' : formatPercent(rate);
}

/** « +650 000 € », « −650 000 € », « 0 € »: a change, always signed (true minus sign). */
export function formatSignedEuros(cents: number): string {
  if (cents === 0) return formatEuros(0);
  return `${cents > 0 ? '+' : '−'}${formatEuros(Math.abs(cents))}`;
}

/** Columns of the envelope table that can be sorted, each by its real value. */
export const ENVELOPE_SORT_KEYS = [
  'holder',
  'line',
  'initial',
  'amendments',
  'transfersIn',
  'transfersOut',
  'delegated',
  'committed',
  'paid',
  'restToCommit',
  'rate',
] as const;
export type EnvelopeSortKey = (typeof ENVELOPE_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface EnvelopeSort {
  readonly key: EnvelopeSortKey;
  readonly direction: SortDirection;
}

const HOLDER_ORDER: Readonly<Record<EnvelopeHolderKind, number>> = { NATIONAL: 0, ARS: 1, GRADES: 2 };
const LINE_ORDER: Readonly<Record<EnvelopeLine, number>> = {
  PROJETS: 0,
  SOUTIEN_REGIONAL: 1,
  FRAIS_GESTION: 2,
};

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The value a column sorts on: a number (cents, points) or a name compared the French way. */
function sortValue(envelope: EnvelopeResponse, key: EnvelopeSortKey): number | string {
  switch (key) {
    case 'holder':
      return envelope.holderName;
    case 'line':
      return ENVELOPE_LINE_LABELS[envelope.line];
    case 'initial':
      return envelope.initialCents;
    case 'amendments':
      return envelope.amendmentsCents;
    case 'transfersIn':
      return envelope.transfersInCents;
    case 'transfersOut':
      return envelope.transfersOutCents;
    case 'delegated':
      return envelope.delegatedCents;
    case 'committed':
      return envelope.committedCents;
    case 'paid':
      return envelope.paidCents;
    case 'restToCommit':
      return envelope.restToCommitCents;
    case 'rate':
      // An envelope with nothing delegated has no rate: it goes last in ascending order, first in descending.
      return engagementRate(envelope) ?? Number.POSITIVE_INFINITY;
  }
}

/** National envelope first, then ARS, then GRADeS, each by name, then by line: the order of the API. */
function defaultOrder(a: EnvelopeResponse, b: EnvelopeResponse): number {
  return (
    HOLDER_ORDER[a.holderKind] - HOLDER_ORDER[b.holderKind] ||
    collator.compare(a.holderName, b.holderName) ||
    LINE_ORDER[a.line] - LINE_ORDER[b.line]
  );
}

/** A sorted copy; equal values keep the default order. Null: the default order. */
export function sortEnvelopes(
  envelopes: readonly EnvelopeResponse[],
  sort: EnvelopeSort | null,
): EnvelopeResponse[] {
  const sorted = [...envelopes];
  if (!sort) return sorted.sort(defaultOrder);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return sorted.sort((a, b) => {
    const left = sortValue(a, sort.key);
    const right = sortValue(b, sort.key);
    const compared =
      typeof left === 'string' && typeof right === 'string'
        ? collator.compare(left, right)
        : Number(left) - Number(right);
    return sign * compared || defaultOrder(a, b);
  });
}

/** The figures of an envelope that a transfer changes. */
export interface TransferFigures {
  readonly delegatedCents: number;
  readonly committedCents: number;
  readonly restToCommitCents: number;
}

export interface TransferPreview {
  readonly from: { readonly before: TransferFigures; readonly after: TransferFigures };
  readonly to: { readonly before: TransferFigures; readonly after: TransferFigures };
  /** The origin would end under its committed amount: the API will refuse (ENVELOPE_BELOW_COMMITTED). */
  readonly fromBelowCommitted: boolean;
}

function figures(envelope: EnvelopeAmounts, change: number): TransferFigures {
  const delegatedCents = envelope.delegatedCents + change;
  return {
    delegatedCents,
    committedCents: envelope.committedCents,
    restToCommitCents: delegatedCents - envelope.committedCents,
  };
}

/**
 * Both envelopes before and after moving `amountCents` from one to the other, from the figures read: what the
 * confirmation shows. The API recomputes them under lock and is the judge.
 */
export function previewTransfer(
  from: EnvelopeAmounts,
  to: EnvelopeAmounts,
  amountCents: number,
): TransferPreview {
  const fromAfter = figures(from, -amountCents);
  return {
    from: { before: figures(from, 0), after: fromAfter },
    to: { before: figures(to, 0), after: figures(to, amountCents) },
    fromBelowCommitted: fromAfter.restToCommitCents < 0,
  };
}

/** One line of an envelope's history: an amendment, or a transfer received or given. */
export interface HistoryEntry {
  readonly id: string;
  readonly kind: 'amendment' | 'transfer-in' | 'transfer-out';
  /** YYYY-MM-DD. */
  readonly decidedOn: string;
  readonly createdAt: string;
  /** Signed change of the delegated envelope. */
  readonly deltaCents: number;
  /** The other envelope of a transfer. */
  readonly counterpart: Holder | null;
  readonly reason: string;
  readonly author: string | null;
}

/** Amendments and transfers of an envelope together, newest decision first. */
export function envelopeHistory(envelope: EnvelopeDetailResponse): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    ...envelope.amendments.map((amendment): HistoryEntry => ({
      id: amendment.id,
      kind: 'amendment',
      decidedOn: amendment.decidedOn,
      createdAt: amendment.createdAt,
      deltaCents: amendment.deltaCents,
      counterpart: null,
      reason: amendment.reason,
      author: amendment.createdByName,
    })),
    ...envelope.transfers.map((transfer): HistoryEntry => {
      const received = transfer.to.id === envelope.id;
      return {
        id: transfer.id,
        kind: received ? 'transfer-in' : 'transfer-out',
        decidedOn: transfer.decidedOn,
        createdAt: transfer.createdAt,
        deltaCents: received ? transfer.amountCents : -transfer.amountCents,
        counterpart: received ? transfer.from : transfer.to,
        reason: transfer.reason,
        author: transfer.createdByName,
      };
    }),
  ];
  return entries.sort(
    (a, b) => b.decidedOn.localeCompare(a.decidedOn) || b.createdAt.localeCompare(a.createdAt),
  );
}

/**
 * The reason and the date of a decision (an amendment, a transfer), checked as the API checks them: the
 * message of each field at fault. `reason` is trimmed; `today` is `todayInParis()`.
 */
export function decisionErrors(
  reason: string,
  decidedOn: string,
  today: string,
): Partial<Record<'reason' | 'decidedOn', string>> {
  const errors: Partial<Record<'reason' | 'decidedOn', string>> = {};
  if (reason.length < 5)
    errors.reason = 'Le motif doit compter au moins 5 caractères : expliquez la décision.';
  if (!decidedOn) errors.decidedOn = 'Saisissez la date de la décision (format JJ/MM/AAAA).';
  else if (decidedOn > today) {
    errors.decidedOn =
      'La date de décision ne peut pas être dans le futur : indiquez la date à laquelle la décision a été prise.';
  }
  return errors;
}

type Holder = Pick<EnvelopeResponse, 'holderKind' | 'holderName'>;

/** « l'ARS Bretagne », « l'enveloppe nationale », « le GRADeS GCS TESIS »: a holder inside a sentence. */
export function holderInSentence(envelope: Holder): string {
  switch (envelope.holderKind) {
    case 'NATIONAL':
      return "l'enveloppe nationale";
    case 'ARS':
      return `l'${envelope.holderName}`;
    case 'GRADES':
      return `le GRADeS ${envelope.holderName}`;
  }
}

/** « de l'ARS Bretagne », « du GRADeS GCS TESIS », « à l'ARS Corse », « au GRADeS GIP SESAN ». */
export function holderAfter(preposition: 'de' | 'à', envelope: Holder): string {
  const holder = holderInSentence(envelope);
  if (holder.startsWith('le ')) return `${preposition === 'de' ? 'du' : 'au'} ${holder.slice(3)}`;
  return `${preposition} ${holder}`;
}
