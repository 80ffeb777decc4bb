import { DomainException } from '../../common/errors/domain.exception';
import { gestionnaireSnapshot, toGestionnaireResponse } from '../organisations/gestionnaires.mapper';
import { checkSegurReferencing, parseId, toDuiSoftwareResponse } from './dui-software.service';
import { EssmsRow, toEssmsResponse } from './essms.mapper';

const UPDATED = new Date('2025-03-01T10:00:00.000Z');

const ESSMS_ROW: EssmsRow = {
  id: 'e1',
  finess_geo: '350000014',
  name: 'EHPAD Les Tilleuls',
  category_code: '500',
  category_label: 'EHPAD',
  sector: 'PA',
  departement: '35',
  region_code: '53',
  region_name: 'Bretagne',
  og_id: 'o1',
  og_finess: '350000022',
  og_name: 'Association',
  capacity: null,
  version: 4,
  updated_at: UPDATED,
  project_id: null,
  project_code: null,
  project_name: null,
  project_campaign_year: null,
  project_status: null,
};

function refusal(run: () => unknown): DomainException {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('toEssmsResponse', () => {
  it('maps an ESSMS without project, its sector label, OG and region', () => {
    expect(toEssmsResponse(ESSMS_ROW)).toEqual({
      id: 'e1',
      finessGeo: '350000014',
      name: 'EHPAD Les Tilleuls',
      categoryCode: '500',
      categoryLabel: 'EHPAD',
      sector: 'PA',
      sectorLabel: 'Personnes âgées',
      departement: '35',
      regionCode: '53',
      regionName: 'Bretagne',
      og: { id: 'o1', finessJuridique: '350000022', name: 'Association' },
      capacity: null,
      project: null,
      version: 4,
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('maps the live project', () => {
    const response = toEssmsResponse({
      ...ESSMS_ROW,
      project_id: 'p1',
      project_code: 'BRE-2024-001',
      project_name: 'Grappe',
      project_campaign_year: 2024,
      project_status: 'RETENU',
    });
    expect(response.project).toEqual({ id: 'p1', code: 'BRE-2024-001', name: 'Grappe', campaignYear: 2024, status: 'RETENU' });
  });
});

describe('gestionnaires mapper', () => {
  it('maps an OG, its ESSMS count from text, and its audited fields', () => {
    const row = {
      id: 'o1',
      finess_juridique: '350000022',
      name: 'Association',
      siren: null,
      region_code: '53',
      region_name: 'Bretagne',
      essms_count: '12',
      version: 2,
      updated_at: UPDATED,
    };
    expect(toGestionnaireResponse(row)).toEqual({
      id: 'o1',
      finessJuridique: '350000022',
      name: 'Association',
      siren: null,
      regionCode: '53',
      regionName: 'Bretagne',
      essmsCount: 12,
      version: 2,
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(gestionnaireSnapshot(row)).toEqual({ finessJuridique: '350000022', name: 'Association', siren: null, regionCode: '53' });
  });
});

describe('DUI software', () => {
  it('labels a product « Éditeur — Produit version »', () => {
    const response = toDuiSoftwareResponse({
      id: 7,
      editor: 'Éditeur',
      product: 'Produit',
      version: '5.2',
      segur_wave: 1,
      segur_referenced: true,
      segur_referenced_at: '2023-03-15',
      row_version: 3,
      updated_at: UPDATED,
    });
    expect(response).toMatchObject({ id: 7, label: 'Éditeur — Produit 5.2', rowVersion: 3, segurReferencedAt: '2023-03-15' });
  });

  it.each`
    segurReferenced | segurReferencedAt | ok
    ${true}         | ${'2023-03-15'}   | ${true}
    ${false}        | ${null}           | ${true}
    ${true}         | ${'2025-06-01'}   | ${true}
    ${true}         | ${null}           | ${false}
    ${false}        | ${'2023-03-15'}   | ${false}
    ${true}         | ${'2025-06-02'}   | ${false}
  `(
    'referenced $segurReferenced on $segurReferencedAt (today 2025-06-01): $ok',
    ({ segurReferenced, segurReferencedAt, ok }: { segurReferenced: boolean; segurReferencedAt: string | null; ok: boolean }) => {
      const run = (): void => checkSegurReferencing({ segurReferenced, segurReferencedAt }, '2025-06-01');
      if (ok) {
        expect(run).not.toThrow();
      } else {
        const error = refusal(run);
        expect([error.code, error.field]).toEqual(['VALIDATION_FAILED', 'segurReferencedAt']);
      }
    },
  );

  it.each([['1', 1], ['123456789', 123456789]])('reads the id %s', (value, id) => {
    expect(parseId(value)).toBe(id);
  });

  it.each([['abc'], ['-1'], ['1.5'], ['1234567890'], ['']])('answers 404 for the id %j', (value) => {
    expect(refusal(() => parseId(value)).code).toBe('NOT_FOUND');
  });
});
