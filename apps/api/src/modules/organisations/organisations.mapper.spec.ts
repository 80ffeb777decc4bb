import { GradesEntity } from './grades.entity';
import { toGradesResponse, toRegionResponse } from './organisations.mapper';
import { RegionEntity } from './region.entity';

const CREATED = new Date('2025-01-01T00:00:00Z');

function grades(id: number, code: string, name: string, regions?: RegionEntity[]): GradesEntity {
  return Object.assign(new GradesEntity(), {
    id,
    code,
    name,
    legalForm: 'GIP',
    regions,
    createdAt: CREATED,
    updatedAt: CREATED,
  });
}

function region(code: string, name: string, gradesList?: GradesEntity[]): RegionEntity {
  return Object.assign(new RegionEntity(), {
    code,
    name,
    arsName: `ARS ${name}`,
    territory: 'metropole' as const,
    grades: gradesList,
    createdAt: CREATED,
    updatedAt: CREATED,
  });
}

describe('toRegionResponse', () => {
  it('maps a region, its ARS and the summary of its GRADeS, without the audit columns', () => {
    const response = toRegionResponse(
      Object.assign(region('94', 'Corse', [grades(3, 'GRADES_CORSE', 'GIP Corse e-santé', [])]), {
        territory: 'corse' as const,
      }),
    );
    expect(response).toEqual({
      code: '94',
      name: 'Corse',
      arsName: 'ARS Corse',
      territory: 'corse',
      grades: [{ id: 3, code: 'GRADES_CORSE', name: 'GIP Corse e-santé' }],
    });
    expect(response).not.toHaveProperty('createdAt');
    expect(response.grades[0]).not.toHaveProperty('legalForm');
    expect(response.grades[0]).not.toHaveProperty('regions');
  });

  it('answers an empty list when the GRADeS were not loaded', () => {
    expect(toRegionResponse(region('53', 'Bretagne')).grades).toEqual([]);
  });

  it.each`
    names                                                         | sorted
    ${['Zeta e-santé', 'Île-de-France e-santé', 'Alpha e-santé']} | ${['Alpha e-santé', 'Île-de-France e-santé', 'Zeta e-santé']}
    ${['Occitanie', 'Écosystème', 'Auvergne', 'esante']}          | ${['Auvergne', 'Écosystème', 'esante', 'Occitanie']}
    ${['Sesan', 'GIP Réunion', 'GIP Réseau', 'GCS']}              | ${['GCS', 'GIP Réseau', 'GIP Réunion', 'Sesan']}
  `('sorts the GRADeS in French: $sorted', ({ names, sorted }: { names: string[]; sorted: string[] }) => {
    const input = names.map((name, index) => grades(index + 1, `G${index + 1}`, name));
    const response = toRegionResponse(region('11', 'Île-de-France', input));
    expect(response.grades.map(({ name }) => name)).toEqual(sorted);
    expect(input.map(({ name }) => name)).toEqual(names);
  });
});

describe('toGradesResponse', () => {
  it('maps a GRADeS, its legal form and the regions it serves', () => {
    const response = toGradesResponse(
      Object.assign(grades(7, 'GRADES_ARA', 'Sara', [region('84', 'Auvergne-Rhône-Alpes')]), {
        legalForm: null,
      }),
    );
    expect(response).toEqual({
      id: 7,
      code: 'GRADES_ARA',
      name: 'Sara',
      legalForm: null,
      regions: [{ code: '84', name: 'Auvergne-Rhône-Alpes' }],
    });
    expect(response).not.toHaveProperty('updatedAt');
  });

  it('answers an empty list when the regions were not loaded', () => {
    expect(toGradesResponse(grades(1, 'G', 'GCS e-santé')).regions).toEqual([]);
  });

  it('sorts the regions in French: « Île-de-France » with the I, not after Z', () => {
    const regions = [
      region('11', 'Île-de-France'),
      region('93', "Provence-Alpes-Côte d'Azur"),
      region('01', 'Guadeloupe'),
      region('04', 'La Réunion'),
      region('28', 'Normandie'),
      region('24', 'Centre-Val de Loire'),
    ];
    const response = toGradesResponse(grades(1, 'G', 'Multi-régions', regions));
    expect(response.regions.map(({ name }) => name)).toEqual([
      'Centre-Val de Loire',
      'Guadeloupe',
      'Île-de-France',
      'La Réunion',
      'Normandie',
      "Provence-Alpes-Côte d'Azur",
    ]);
    // A byte-wise sort would put « Île-de-France » last.
    expect([...regions.map(({ name }) => name)].sort().at(-1)).toBe('Île-de-France');
  });
});
