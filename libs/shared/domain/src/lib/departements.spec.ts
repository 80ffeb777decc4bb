import { DEPARTEMENT_CODES, departementsOfRegion, regionOfDepartement } from './departements';

/** The 18 regions (INSEE code) and their number of départements, as listed in domain.md. */
const REGIONS: readonly (readonly [code: string, name: string, departementCount: number])[] = [
  ['84', 'Auvergne-Rhône-Alpes', 12],
  ['27', 'Bourgogne-Franche-Comté', 8],
  ['53', 'Bretagne', 4],
  ['24', 'Centre-Val de Loire', 6],
  ['94', 'Corse', 2],
  ['44', 'Grand Est', 10],
  ['32', 'Hauts-de-France', 5],
  ['11', 'Île-de-France', 8],
  ['28', 'Normandie', 5],
  ['75', 'Nouvelle-Aquitaine', 12],
  ['76', 'Occitanie', 13],
  ['52', 'Pays de la Loire', 5],
  ['93', "Provence-Alpes-Côte d'Azur", 6],
  ['01', 'Guadeloupe', 1],
  ['02', 'Martinique', 1],
  ['03', 'Guyane', 1],
  ['04', 'La Réunion', 1],
  ['06', 'Mayotte', 1],
];

describe('DEPARTEMENT_CODES', () => {
  it('holds the 101 départements: 96 metropolitan (2A/2B, no 20) and 5 overseas', () => {
    const metropolitan = [
      ...Array.from({ length: 95 }, (_, index) => String(index + 1).padStart(2, '0')).filter(
        (code) => code !== '20',
      ),
      '2A',
      '2B',
    ];
    const overseas = ['971', '972', '973', '974', '976'];

    expect(DEPARTEMENT_CODES).toHaveLength(101);
    expect(metropolitan).toHaveLength(96);
    expect([...DEPARTEMENT_CODES].sort()).toEqual([...metropolitan, ...overseas].sort());
  });

  it('is sorted, without duplicates, and frozen', () => {
    expect([...DEPARTEMENT_CODES]).toEqual([...DEPARTEMENT_CODES].sort());
    expect(new Set(DEPARTEMENT_CODES).size).toBe(DEPARTEMENT_CODES.length);
    expect(Object.isFrozen(DEPARTEMENT_CODES)).toBe(true);
  });

  it('maps every département to one of the 18 regions', () => {
    const regions = new Set(DEPARTEMENT_CODES.map((departement) => regionOfDepartement(departement)));
    expect([...regions].sort()).toEqual(REGIONS.map(([code]) => code).sort());
  });
});

describe('regionOfDepartement', () => {
  it.each`
    departement | regionCode | scenario
    ${'75'}     | ${'11'}    | ${'Paris'}
    ${'01'}     | ${'84'}    | ${'Ain'}
    ${'29'}     | ${'53'}    | ${'Finistère'}
    ${'2A'}     | ${'94'}    | ${'Corse-du-Sud'}
    ${'2b'}     | ${'94'}    | ${'Haute-Corse, lower case'}
    ${'90'}     | ${'27'}    | ${'Territoire de Belfort'}
    ${'971'}    | ${'01'}    | ${'Guadeloupe'}
    ${'972'}    | ${'02'}    | ${'Martinique'}
    ${'973'}    | ${'03'}    | ${'Guyane'}
    ${'974'}    | ${'04'}    | ${'La Réunion'}
    ${'976'}    | ${'06'}    | ${'Mayotte'}
  `(
    '$scenario ($departement) → $regionCode',
    ({ departement, regionCode }: { departement: string; regionCode: string }) => {
      expect(regionOfDepartement(departement)).toBe(regionCode);
    },
  );

  it.each`
    departement      | scenario
    ${'20'}          | ${'20 (Corse is split into 2A and 2B)'}
    ${'00'}          | ${'00'}
    ${'96'}          | ${'96'}
    ${'975'}         | ${'975 Saint-Pierre-et-Miquelon'}
    ${'97'}          | ${'97 without its third character'}
    ${'1'}           | ${'one digit, no leading zero'}
    ${''}            | ${'empty string'}
    ${'constructor'} | ${'an inherited object key'}
  `('$scenario → undefined', ({ departement }: { departement: string }) => {
    expect(regionOfDepartement(departement)).toBeUndefined();
  });
});

describe('departementsOfRegion', () => {
  it.each(REGIONS)('%s %s has %i département(s), sorted, each mapping back to it', (code, _name, count) => {
    const departements = departementsOfRegion(code);
    expect(departements).toHaveLength(count);
    expect([...departements]).toEqual([...departements].sort());
    expect(departements.every((departement) => regionOfDepartement(departement) === code)).toBe(true);
  });

  it.each`
    regionCode | departements
    ${'94'}    | ${['2A', '2B']}
    ${'53'}    | ${['22', '29', '35', '56']}
    ${'06'}    | ${['976']}
  `(
    'region $regionCode → $departements',
    ({ regionCode, departements }: { regionCode: string; departements: string[] }) => {
      expect(departementsOfRegion(regionCode)).toEqual(departements);
    },
  );

  it('lists every département exactly once across the regions', () => {
    const all = REGIONS.flatMap(([code]) => departementsOfRegion(code));
    expect(all).toHaveLength(101);
    expect([...all].sort()).toEqual([...DEPARTEMENT_CODES].sort());
  });

  it.each`
    regionCode       | scenario
    ${'99'}          | ${'unknown code'}
    ${''}            | ${'empty string'}
    ${'constructor'} | ${'inherited object key constructor'}
    ${'toString'}    | ${'inherited object key toString'}
    ${'__proto__'}   | ${'__proto__'}
  `('$scenario → empty list', ({ regionCode }: { regionCode: string }) => {
    expect(departementsOfRegion(regionCode)).toEqual([]);
  });

  it('returns a frozen list that callers cannot alter', () => {
    expect(Object.isFrozen(departementsOfRegion('94'))).toBe(true);
  });
});
