/** Sectors of the social and medico-social field, as the programme groups ESSMS categories. */
export const ESSMS_SECTORS = [
  'PA',
  'DOMICILE',
  'PH_ENFANTS',
  'PH_ADULTES',
  'PROTECTION_ENFANCE',
  'AHI',
  'DIFFICULTES_SPECIFIQUES',
  'PJM',
] as const;

export type EssmsSector = (typeof ESSMS_SECTORS)[number];

export const SECTOR_LABELS: Readonly<Record<EssmsSector, string>> = {
  PA: 'Personnes âgées',
  DOMICILE: 'Domicile',
  PH_ENFANTS: 'Personnes handicapées — enfants',
  PH_ADULTES: 'Personnes handicapées — adultes',
  PROTECTION_ENFANCE: "Protection de l'enfance",
  AHI: 'Accueil, hébergement, insertion (AHI)',
  DIFFICULTES_SPECIFIQUES: 'Difficultés spécifiques',
  PJM: 'Protection juridique des majeurs (PJM)',
};

/** Sectors exempt from Ségur referencing of the DUI for the second tranche. */
const SEGUR_EXEMPT: ReadonlySet<EssmsSector> = new Set<EssmsSector>(['AHI', 'PJM']);

export function isSegurExempt(sector: EssmsSector): boolean {
  return SEGUR_EXEMPT.has(sector);
}

export function isEssmsSector(value: unknown): value is EssmsSector {
  return typeof value === 'string' && (ESSMS_SECTORS as readonly string[]).includes(value);
}

/** FINESS categories that are health, not social or medico-social (USLD): the programme refuses them. */
export const REFUSED_CATEGORIES: Readonly<Record<string, string>> = {
  '362': 'USLD (unité de soins de longue durée) : établissement sanitaire, hors du programme ESMS numérique',
};
