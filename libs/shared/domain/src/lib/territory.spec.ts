import { DEPARTEMENT_CODES, regionOfDepartement } from './departements';
import { Territory, TERRITORY_LABELS, territoryOfRegion, usesReducedThreshold } from './territory';

describe('territoryOfRegion', () => {
  it.each`
    regionCode | territory      | region
    ${'94'}    | ${'corse'}     | ${'Corse'}
    ${'01'}    | ${'outre_mer'} | ${'Guadeloupe'}
    ${'02'}    | ${'outre_mer'} | ${'Martinique'}
    ${'03'}    | ${'outre_mer'} | ${'Guyane'}
    ${'04'}    | ${'outre_mer'} | ${'La Réunion'}
    ${'06'}    | ${'outre_mer'} | ${'Mayotte'}
    ${'11'}    | ${'metropole'} | ${'Île-de-France'}
    ${'53'}    | ${'metropole'} | ${'Bretagne'}
    ${'93'}    | ${'metropole'} | ${"Provence-Alpes-Côte d'Azur"}
    ${'05'}    | ${'metropole'} | ${'05 is no region: not taken for overseas'}
  `(
    '$region ($regionCode) → $territory',
    ({ regionCode, territory }: { regionCode: string; territory: Territory }) => {
      expect(territoryOfRegion(regionCode)).toBe(territory);
    },
  );

  it('puts 2 départements in Corse, 5 overseas and 94 in the rest of metropolitan France', () => {
    const count = (territory: Territory): number =>
      DEPARTEMENT_CODES.filter(
        (departement) => territoryOfRegion(regionOfDepartement(departement) ?? '') === territory,
      ).length;
    expect({ corse: count('corse'), outre_mer: count('outre_mer'), metropole: count('metropole') }).toEqual({
      corse: 2,
      outre_mer: 5,
      metropole: 94,
    });
  });
});

describe('usesReducedThreshold', () => {
  it.each`
    territory      | reduced
    ${'metropole'} | ${false}
    ${'corse'}     | ${true}
    ${'outre_mer'} | ${true}
  `('$territory → $reduced', ({ territory, reduced }: { territory: Territory; reduced: boolean }) => {
    expect(usesReducedThreshold(territory)).toBe(reduced);
  });
});

describe('TERRITORY_LABELS', () => {
  it('labels each territory in French', () => {
    expect(TERRITORY_LABELS).toEqual({
      metropole: 'Métropole (hors Corse)',
      corse: 'Corse',
      outre_mer: 'Outre-mer',
    });
  });
});
