/** Territories with their own programme thresholds: Corse and the five overseas regions use the lower one. */
export type Territory = 'metropole' | 'corse' | 'outre_mer';

export const TERRITORY_LABELS: Readonly<Record<Territory, string>> = {
  metropole: 'Métropole (hors Corse)',
  corse: 'Corse',
  outre_mer: 'Outre-mer',
};

const CORSE_REGION = '94';
const OVERSEAS_REGIONS: ReadonlySet<string> = new Set(['01', '02', '03', '04', '06']);

/** Territory of an INSEE region code ("94" → corse, "04" → outre_mer, "53" → metropole). */
export function territoryOfRegion(regionCode: string): Territory {
  if (regionCode === CORSE_REGION) return 'corse';
  if (OVERSEAS_REGIONS.has(regionCode)) return 'outre_mer';
  return 'metropole';
}

/** True where the reduced ESSMS threshold (8 in generalisation campaigns) applies. */
export function usesReducedThreshold(territory: Territory): boolean {
  return territory !== 'metropole';
}
