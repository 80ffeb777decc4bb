import type { Page } from './errors';

/** Who holds an envelope: the national envelope (national calls), one ARS (regional calls), one GRADeS. */
export type EnvelopeHolderKind = 'NATIONAL' | 'ARS' | 'GRADES';
/** Budget line of an envelope. */
export type EnvelopeLine = 'PROJETS' | 'SOUTIEN_REGIONAL' | 'FRAIS_GESTION';

export const ENVELOPE_HOLDER_KINDS: readonly EnvelopeHolderKind[] = ['NATIONAL', 'ARS', 'GRADES'];
export const ENVELOPE_LINES: readonly EnvelopeLine[] = ['PROJETS', 'SOUTIEN_REGIONAL', 'FRAIS_GESTION'];

export const ENVELOPE_HOLDER_KIND_LABELS: Readonly<Record<EnvelopeHolderKind, string>> = {
  NATIONAL: 'Enveloppe nationale',
  ARS: 'ARS',
  GRADES: 'GRADeS',
};

export const ENVELOPE_LINE_LABELS: Readonly<Record<EnvelopeLine, string>> = {
  PROJETS: 'Projets',
  SOUTIEN_REGIONAL: 'Soutien régional',
  FRAIS_GESTION: 'Frais de gestion',
};

/** The amounts of an envelope (or the sum of several), all in integer cents. */
export interface EnvelopeAmounts {
  /** Amount of the instruction, before amendments and transfers. */
  initialCents: number;
  /** « Enveloppe déléguée » = initial + amendments + transfers in − transfers out. */
  delegatedCents: number;
  /** « Engagé »: granted to projects. */
  committedCents: number;
  /** « Versé »: paid to projects (tranches 1 and 2). */
  paidCents: number;
  /** « Reste à engager » = delegated − committed. */
  restToCommitCents: number;
  /** Sum of the amendments (may be negative). */
  amendmentsCents: number;
  transfersInCents: number;
  transfersOutCents: number;
}

/** A short reference to an envelope (in transfers). */
export interface EnvelopeRef {
  id: string;
  holderKind: EnvelopeHolderKind;
  /** « Enveloppe nationale », « ARS Bretagne », « GCS TESIS ». */
  holderName: string;
  /** The ARS's region; null for the national envelope and GRADeS envelopes. */
  regionCode: string | null;
  line: EnvelopeLine;
}

export interface EnvelopeResponse extends EnvelopeRef, EnvelopeAmounts {
  campaignYear: number;
  gradesId: number | null;
  /** Regions concerned: the ARS's region, or the regions the GRADeS serves; empty for the national envelope. */
  regionCodes: string[];
  lineLabel: string;
  version: number;
  /** ISO timestamp. */
  updatedAt: string;
}

/** `GET /api/envelopes`: not paged (a few dozen rows per campaign), with the totals of the filtered set. */
export interface EnvelopeListResponse extends Page<EnvelopeResponse> {
  totals: EnvelopeAmounts;
}

export interface EnvelopeAmendmentResponse {
  id: string;
  envelopeId: string;
  /** Positive (top-up) or negative (cut). */
  deltaCents: number;
  reason: string;
  /** ISO date (YYYY-MM-DD) of the decision. */
  decidedOn: string;
  createdByName: string | null;
  /** ISO timestamp. */
  createdAt: string;
}

export interface EnvelopeTransferResponse {
  id: string;
  campaignYear: number;
  from: EnvelopeRef;
  to: EnvelopeRef;
  amountCents: number;
  reason: string;
  /** ISO date (YYYY-MM-DD) of the decision. */
  decidedOn: string;
  createdByName: string | null;
  /** ISO timestamp. */
  createdAt: string;
}

/** `GET /api/envelopes/:id`: the envelope and its history, newest first. */
export interface EnvelopeDetailResponse extends EnvelopeResponse {
  amendments: EnvelopeAmendmentResponse[];
  transfers: EnvelopeTransferResponse[];
}

/** `POST /api/envelopes/transfers`: the transfer and both envelopes as they are after it. */
export interface CreateEnvelopeTransferResponse extends EnvelopeTransferResponse {
  fromEnvelope: EnvelopeResponse;
  toEnvelope: EnvelopeResponse;
}

export interface ListEnvelopesQuery {
  campaign?: number;
  holder?: EnvelopeHolderKind;
  /** ARS envelopes of that region and envelopes of the GRADeS serving it. */
  region?: string;
  line?: EnvelopeLine;
}

export interface ListEnvelopeTransfersQuery {
  campaign?: number;
}

export interface CreateEnvelopeRequest {
  campaignYear: number;
  holderKind: EnvelopeHolderKind;
  /** Required for an ARS envelope, absent otherwise. */
  regionCode?: string;
  /** Required for a GRADeS envelope, absent otherwise. */
  gradesId?: number;
  line: EnvelopeLine;
  initialCents: number;
}

export interface CreateEnvelopeAmendmentRequest {
  /** Non-zero integer; negative for a cut (never below the committed amount). */
  deltaCents: number;
  reason: string;
  /** YYYY-MM-DD, not in the future. */
  decidedOn: string;
}

export interface CreateEnvelopeTransferRequest {
  fromEnvelopeId: string;
  toEnvelopeId: string;
  amountCents: number;
  reason: string;
  /** YYYY-MM-DD, not in the future. */
  decidedOn: string;
}
