/**
 * Départements (INSEE codes) and the region each belongs to. Overseas départements use their three-character
 * code (971 Guadeloupe … 976 Mayotte).
 */
const REGION_DEPARTEMENTS: Readonly<Record<string, readonly string[]>> = {
  '84': ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'],
  '27': ['21', '25', '39', '58', '70', '71', '89', '90'],
  '53': ['22', '29', '35', '56'],
  '24': ['18', '28', '36', '37', '41', '45'],
  '94': ['2A', '2B'],
  '44': ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'],
  '32': ['02', '59', '60', '62', '80'],
  '11': ['75', '77', '78', '91', '92', '93', '94', '95'],
  '28': ['14', '27', '50', '61', '76'],
  '75': ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'],
  '76': ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'],
  '52': ['44', '49', '53', '72', '85'],
  '93': ['04', '05', '06', '13', '83', '84'],
  '01': ['971'],
  '02': ['972'],
  '03': ['973'],
  '04': ['974'],
  '06': ['976'],
};

const DEPARTEMENT_REGION: ReadonlyMap<string, string> = new Map(
  Object.entries(REGION_DEPARTEMENTS).flatMap(([region, departements]) =>
    departements.map((departement) => [departement, region] as const),
  ),
);

/** Every département code in scope of the programme (101). */
export const DEPARTEMENT_CODES: readonly string[] = Object.freeze([...DEPARTEMENT_REGION.keys()].sort());

/** Region (INSEE code) of a département, or undefined when the code is not a département in scope. */
export function regionOfDepartement(departement: string): string | undefined {
  return DEPARTEMENT_REGION.get(departement.toUpperCase());
}

/** Read through a map, so that inherited object keys (`constructor`, `toString`…) are not taken for regions. */
const REGION_DEPARTEMENT_LIST: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(REGION_DEPARTEMENTS).map(([region, departements]) => [
    region,
    Object.freeze([...departements]),
  ]),
);

/** Départements of a region, sorted; empty for an unknown region. */
export function departementsOfRegion(regionCode: string): readonly string[] {
  return REGION_DEPARTEMENT_LIST.get(regionCode) ?? [];
}
