import type { EssmsResponse } from '@esms/api-contract';
import { SECTOR_LABELS, type EssmsSector } from '@esms/domain';

/** A row of the ESSMS query (snake_case, as PostgreSQL answers). */
export interface EssmsRow {
  id: string;
  finess_geo: string;
  name: string;
  category_code: string;
  category_label: string;
  sector: EssmsSector;
  departement: string;
  region_code: string;
  region_name: string;
  og_id: string;
  og_finess: string;
  og_name: string;
  capacity: number | null;
  version: number;
  updated_at: Date;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  project_campaign_year: number | null;
  project_status: string | null;
}

export function toEssmsResponse(row: EssmsRow): EssmsResponse {
  return {
    id: row.id,
    finessGeo: row.finess_geo,
    name: row.name,
    categoryCode: row.category_code,
    categoryLabel: row.category_label,
    sector: row.sector,
    sectorLabel: SECTOR_LABELS[row.sector],
    departement: row.departement,
    regionCode: row.region_code,
    regionName: row.region_name,
    og: { id: row.og_id, finessJuridique: row.og_finess, name: row.og_name },
    capacity: row.capacity,
    project:
      row.project_id === null
        ? null
        : {
            id: row.project_id,
            code: row.project_code ?? '',
            name: row.project_name ?? '',
            campaignYear: row.project_campaign_year ?? 0,
            status: row.project_status ?? '',
          },
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface EssmsFields {
  finessGeo: string;
  name: string;
  categoryCode: string;
  departement: string;
  regionCode: string;
  ogId: string;
  capacity: number | null;
}

/** The fields of an ESSMS that the audit log compares before and after a change. */
export function essmsSnapshot(fields: EssmsFields): Record<string, unknown> {
  return { ...fields };
}
