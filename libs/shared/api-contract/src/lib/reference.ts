import type { EssmsSector, Territory } from '@esms/domain';

export interface GradesSummary {
  id: number;
  code: string;
  name: string;
}

export interface RegionResponse {
  /** INSEE region code, two characters ("53", "04"). */
  code: string;
  name: string;
  arsName: string;
  territory: Territory;
  grades: GradesSummary[];
}

export interface GradesResponse extends GradesSummary {
  legalForm: string | null;
  regions: { code: string; name: string }[];
}

export interface EssmsCategoryResponse {
  /** FINESS category code ("500" for EHPAD). */
  code: string;
  label: string;
  sector: EssmsSector;
  sectorLabel: string;
}

export interface CampaignResponse {
  year: number;
  label: string;
  phase: 'amorcage' | 'generalisation';
  instructionReference: string | null;
  /** ISO date (YYYY-MM-DD). */
  instructionDate: string | null;
  amendedBy: string | null;
  minEssmsMetropole: number;
  minEssmsReduced: number;
  /** ESSMS count from which a project goes to the national call; null when the campaign has no national call. */
  nationalCallMinEssms: number | null;
  /** Upper bound of a project's ESSMS count in a regional call, when the campaign sets one. */
  regionalCallMaxEssms: number | null;
  minOrganisations: number | null;
  tranche1Percent: number;
  usageDeadline: string | null;
}

export interface HealthResponse {
  status: 'ok' | 'error';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}
