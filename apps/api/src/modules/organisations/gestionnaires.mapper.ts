import type { OrganismeGestionnaireResponse } from '@esms/api-contract';

/** A row of the gestionnaires query (snake_case, as PostgreSQL answers). */
export interface GestionnaireRow {
  id: string;
  finess_juridique: string;
  name: string;
  siren: string | null;
  region_code: string;
  region_name: string;
  essms_count: number | string;
  version: number;
  updated_at: Date;
}

export function toGestionnaireResponse(row: GestionnaireRow): OrganismeGestionnaireResponse {
  return {
    id: row.id,
    finessJuridique: row.finess_juridique,
    name: row.name,
    siren: row.siren,
    regionCode: row.region_code,
    regionName: row.region_name,
    essmsCount: Number(row.essms_count),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The fields of an OG that the audit log compares before and after a change. */
export function gestionnaireSnapshot(row: Pick<GestionnaireRow, 'finess_juridique' | 'name' | 'siren' | 'region_code'>): Record<string, unknown> {
  return { finessJuridique: row.finess_juridique, name: row.name, siren: row.siren, regionCode: row.region_code };
}
