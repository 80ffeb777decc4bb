import type { ProjectDetail } from '@esms/api-contract';

import { ARS_OFFICER, CNSA_ADMIN } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { tranche2Readiness } from './project-payments';
import { ProjectsHarness } from './testing/harness';
import { member, projectDetail } from './testing/projects-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';
const URL = `/api/projects/${ID}`;

const VALIDATED = { status: 'CIBLES_VALIDEES', statusLabel: 'Cibles validées' } as const;
const NOT_REFERENCED = {
  id: 9,
  editor: 'Ancien Éditeur',
  product: 'Dossier',
  version: '1.0',
  segurWave: null,
  segurReferenced: false,
  segurReferencedAt: null,
};
const AHI_MEMBERS = [
  member({
    essmsId: '44444444-4444-4444-8444-000000000001',
    finess: '290300052',
    sector: 'AHI',
    sectorLabel: 'AHI',
  }),
  member({
    essmsId: '44444444-4444-4444-8444-000000000002',
    finess: '290300060',
    sector: 'PJM',
    sectorLabel: 'PJM',
  }),
];

describe('Project payments: why tranche 2 cannot be paid yet', () => {
  describe('tranche2Readiness (the domain rule on the project the page holds)', () => {
    it.each<[string, Partial<ProjectDetail>, string | null]>([
      [
        'targets not validated',
        {},
        "La tranche 2 se verse une fois les cibles d'usage validées (projet « Cibles validées ») ; ce projet est « DUI déployé ».",
      ],
      ['validated, referenced DUI', VALIDATED, null],
      [
        'validated, DUI not referenced',
        { ...VALIDATED, duiSoftware: NOT_REFERENCED },
        "La tranche 2 demande un DUI référencé Ségur (aucun ESSMS de la grappe ne relève des secteurs exemptés (AHI, PJM)) : le logiciel « Ancien Éditeur Dossier 1.0 » ne l'est pas. Elle sera payable une fois son référencement enregistré dans le référentiel.",
      ],
      [
        'validated, no DUI',
        { ...VALIDATED, duiSoftware: null },
        "La tranche 2 demande un DUI référencé Ségur (aucun ESSMS de la grappe ne relève des secteurs exemptés (AHI, PJM)) : aucun logiciel DUI n'est renseigné pour ce projet.",
      ],
      [
        'validated, AHI and PJM grappe without referencing',
        { ...VALIDATED, duiSoftware: NOT_REFERENCED, members: AHI_MEMBERS },
        null,
      ],
    ])('%s', (_case, overrides, message) => {
      const check = tranche2Readiness(projectDetail(overrides));
      if (message === null) expect(check).toMatchObject({ ok: true });
      else expect(check).toEqual({ ok: false, code: expect.any(String) as unknown, message });
    });

    it('says nothing once tranche 2 is paid, cancelled or absent', () => {
      const paid = projectDetail();
      expect(
        tranche2Readiness({
          ...paid,
          payments: paid.payments.map((item) => ({ ...item, status: 'VERSE' as const })),
        }),
      ).toBeNull();
      expect(tranche2Readiness({ ...paid, payments: [] })).toBeNull();
    });
  });

  describe('in the « Paiements » tab', () => {
    let t: ProjectsHarness;

    beforeEach(() => {
      t = new ProjectsHarness();
    });

    afterEach(() => t.http.verify());

    const panel = () => t.page.querySelector<HTMLElement>('#panneau-paiements')!;

    it('explains to the ARS why tranche 2 is blocked (DUI not referenced)', async () => {
      await t.start(ARS_OFFICER, `/projets/${ID}?onglet=paiements`);
      await t.answer(URL, projectDetail({ ...VALIDATED, duiSoftware: NOT_REFERENCED }));

      const blocked = panel().querySelector<HTMLElement>('[data-tranche2-blocked]')!;
      expect(textOf(blocked.querySelector('.fr-alert__title'))).toBe(
        'Pourquoi la tranche 2 ne peut pas encore être versée',
      );
      expect(textOf(blocked)).toContain("le logiciel « Ancien Éditeur Dossier 1.0 » ne l'est pas");
    });

    it('offers the CNSA administrator no payment button for a blocked tranche 2, and one once it may be paid', async () => {
      await t.start(CNSA_ADMIN, `/projets/${ID}?onglet=paiements`);
      await t.answer(URL, projectDetail());
      expect(textOf(panel().querySelector('[data-tranche2-blocked]'))).toContain("cibles d'usage validées");
      expect(t.buttons(panel()).filter((label) => label.startsWith('Enregistrer'))).toEqual([]);
      expect(textOf(panel())).toContain("Pas encore versable (voir l'explication au-dessus du tableau)");
    });

    it('tells the CNSA administrator that tranche 2 may be paid, and why', async () => {
      await t.start(CNSA_ADMIN, `/projets/${ID}?onglet=paiements`);
      await t.answer(URL, projectDetail(VALIDATED));
      expect(textOf(panel().querySelector('[data-tranche2-ready]'))).toBe(
        "La tranche 2 peut être versée. Cibles d'usage validées. Référencement Ségur exigé et acquis : le logiciel « Atlantide Systèmes Atlantide Médico-social 11.0 » est référencé Ségur.",
      );
      expect(t.buttons(panel())).toContain('Enregistrer le versement de la tranche 2');
    });
  });
});
