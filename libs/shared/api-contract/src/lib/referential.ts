import type { EssmsSector } from '@esms/domain';

/**
 * The programme's referential: organismes gestionnaires (FINESS juridique), ESSMS (FINESS géographique) and DUI
 * software. Reads are open to every signed-in user (public reference data from FINESS); writes belong to the CNSA
 * administrator and, for OG and ESSMS, to the ARS officer of the region.
 */

/** Query of `GET /api/gestionnaires`. */
export interface ListOrganismesGestionnairesQuery {
  /** FINESS juridique (or its beginning), SIREN, or words of the name (accents and case ignored). */
  q?: string;
  /** INSEE region code. */
  region?: string;
  page?: number;
  pageSize?: number;
}

export interface OrganismeGestionnaireResponse {
  id: string;
  /** 9 characters, key included. */
  finessJuridique: string;
  name: string;
  siren: string | null;
  regionCode: string;
  regionName: string;
  /** ESSMS of the referential run by this OG. */
  essmsCount: number;
  version: number;
  /** ISO date-time. */
  updatedAt: string;
}

export interface CreateOrganismeGestionnaireRequest {
  /** 9 characters, or 8 (without the key: it is computed). Its département must be in `regionCode`. */
  finessJuridique: string;
  name: string;
  /** 9 digits, Luhn key. */
  siren?: string | null;
  regionCode: string;
}

export interface UpdateOrganismeGestionnaireRequest {
  /** The version read: a stale one is refused (409 STALE_VERSION). */
  version: number;
  finessJuridique?: string;
  name?: string;
  siren?: string | null;
  regionCode?: string;
}

/** Query of `GET /api/essms`. */
export interface ListEssmsQuery {
  /** Exact FINESS géographique (8 characters are completed with the key). */
  finess?: string;
  /** FINESS (or its beginning) or words of the name (accents and case ignored). */
  q?: string;
  region?: string;
  /** FINESS category code ("500"). */
  category?: string;
  sector?: EssmsSector;
  ogId?: string;
  page?: number;
  pageSize?: number;
}

/** The live project an ESSMS belongs to (the most recent campaign's). */
export interface EssmsProjectRef {
  id: string;
  code: string;
  name: string;
  campaignYear: number;
  status: string;
}

export interface EssmsResponse {
  id: string;
  finessGeo: string;
  name: string;
  categoryCode: string;
  categoryLabel: string;
  sector: EssmsSector;
  sectorLabel: string;
  /** Derived from the FINESS number ("35", "2A", "974"). */
  departement: string;
  regionCode: string;
  regionName: string;
  og: { id: string; finessJuridique: string; name: string };
  /** Number of places, when known. */
  capacity: number | null;
  project: EssmsProjectRef | null;
  version: number;
  updatedAt: string;
}

export interface CreateEssmsRequest {
  /** 9 characters, or 8 (the key is computed). Département and region are derived from it. */
  finessGeo: string;
  name: string;
  categoryCode: string;
  ogId: string;
  capacity?: number | null;
}

export interface UpdateEssmsRequest {
  version: number;
  finessGeo?: string;
  name?: string;
  categoryCode?: string;
  ogId?: string;
  capacity?: number | null;
}

export interface ListDuiSoftwareQuery {
  /** Words of the editor, product or version (accents and case ignored). */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface DuiSoftwareResponse {
  id: number;
  editor: string;
  product: string;
  /** The software's release number. */
  version: string;
  /** « Éditeur — Produit version ». */
  label: string;
  /** Ségur referencing wave (1 or 2), when referenced or planned. */
  segurWave: number | null;
  segurReferenced: boolean;
  /** ISO date (YYYY-MM-DD); required when referenced. */
  segurReferencedAt: string | null;
  /** Optimistic lock of the record (`version` is the release number). */
  rowVersion: number;
  updatedAt: string;
}

export interface CreateDuiSoftwareRequest {
  editor: string;
  product: string;
  version: string;
  segurWave?: number | null;
  segurReferenced: boolean;
  segurReferencedAt?: string | null;
}

export interface UpdateDuiSoftwareRequest {
  /** The row version read: a stale one is refused (409 STALE_VERSION). */
  rowVersion: number;
  editor?: string;
  product?: string;
  version?: string;
  segurWave?: number | null;
  segurReferenced?: boolean;
  segurReferencedAt?: string | null;
}
