// The whole project page renders, the risk chart included (jsdom has no ResizeObserver).

import { ARS_OFFICER } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { evidenceProblems, formatFileSize } from './evidence-files';
import { parseIndicatorValue } from './milestone-declaration-form';
import { ProjectsHarness } from './testing/harness';
import { LATE_MILESTONE, campaignRules, projectDetail } from './testing/projects-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';
const DECLARATION = `/api/milestones/${LATE_MILESTONE.id}/declaration`;
const PREFIX = `declaration-${LATE_MILESTONE.id}`;

function file(name: string, size: number, type = 'application/pdf'): File {
  const created = new File(['x'], name, { type });
  Object.defineProperty(created, 'size', { value: size });
  return created;
}

describe('Milestone declaration', () => {
  describe('evidence checks (the API’s rules)', () => {
    it.each([
      [[file('pv.pdf', 1000), file('photo.JPG', 2000), file('tableau.xlsx', 3)], []],
      [
        [file('scan.tiff', 1000)],
        [
          "Le fichier « scan.tiff » n'est pas d'un type accepté : joignez un fichier PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.",
        ],
      ],
      [
        [file('gros.pdf', 10 * 1024 * 1024 + 1)],
        ['Le fichier « gros.pdf » dépasse 10 Mo : réduisez-le ou découpez-le avant de le joindre.'],
      ],
      [[file('pile.pdf', 10 * 1024 * 1024)], []],
      [[file('vide.csv', 0)], ['Le fichier « vide.csv » est vide.']],
      [
        [file('sans-extension', 10)],
        [
          "Le fichier « sans-extension » n'est pas d'un type accepté : joignez un fichier PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.",
        ],
      ],
      [
        Array.from({ length: 6 }, (_, index) => file(`pv-${index}.pdf`, 10)),
        ['Vous avez choisi 6 fichiers : joignez-en au plus 5 par déclaration.'],
      ],
    ])('%#: checks type, size and count', (files, problems) => {
      expect(evidenceProblems(files)).toEqual(problems);
    });

    it('reads indicator values with a comma or a point, and nothing else', () => {
      expect(parseIndicatorValue('82,5')).toBe(82.5);
      expect(parseIndicatorValue(' 1 200 ')).toBe(1200);
      expect(parseIndicatorValue('12.5')).toBe(12.5);
      expect(parseIndicatorValue('-3')).toBeNull();
      expect(parseIndicatorValue('beaucoup')).toBeNull();
      expect(parseIndicatorValue('')).toBeNull();
    });

    it('writes file sizes in French', () => {
      expect(formatFileSize(850)).toBe('850\u00a0octets');
      expect(formatFileSize(122_880)).toBe('120\u00a0ko');
      expect(formatFileSize(2.4 * 1024 * 1024)).toBe('2,4\u00a0Mo');
    });
  });

  describe('form', () => {
    let t: ProjectsHarness;

    beforeEach(async () => {
      t = new ProjectsHarness();
      await t.start(ARS_OFFICER, `/projets/${ID}?onglet=jalons`);
      await t.answer(`/api/projects/${ID}`, projectDetail());
      await t.answer('/api/campaigns/2025/rules', campaignRules());
      await t.click(t.button('Déclarer le jalon « DUI déployé »'));
    });

    afterEach(() => t.http.verify());

    async function chooseFiles(files: File[]): Promise<void> {
      const input = t.byId<HTMLInputElement>(`${PREFIX}-pieces`);
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      input.dispatchEvent(new Event('change'));
      await t.settle();
    }

    const form = () => t.page.querySelector<HTMLFormElement>('esms-milestone-declaration-form form')!;

    it('asks for the comment, the campaign indicators and the files, with the accepted types', () => {
      const input = t.byId<HTMLInputElement>(`${PREFIX}-pieces`);
      expect(input.type).toBe('file');
      expect(input.multiple).toBe(true);
      expect(input.accept).toBe('.pdf,.png,.jpg,.jpeg,.odt,.docx,.xlsx,.csv');
      expect(textOf(t.page.querySelector(`label[for="${PREFIX}-pieces"]`))).toContain(
        "Jusqu'à 5 fichiers de 10 Mo au plus chacun : PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.",
      );
      expect(textOf(t.page.querySelector(`label[for="${PREFIX}-DUI_ACTIFS"]`))).toBe(
        'ESSMS dont le DUI est actif En % des ESSMS ; cible : 100.',
      );
      expect(document.activeElement?.tagName).toBe('H4');
    });

    it('refuses an empty comment and a wrong file before asking anything of the API', async () => {
      await chooseFiles([file('pv.pdf', 1000), file('scan.tiff', 1000), file('gros.pdf', 11 * 1024 * 1024)]);
      expect(textOf(t.page.querySelector(`#${PREFIX}-pieces-messages`))).toContain('« scan.tiff »');

      await t.submit(form());

      t.http.expectNone(DECLARATION);
      expect(t.dialog()).toBeNull();
      expect(t.messageOf(`${PREFIX}-commentaire`)).toBe(
        'Le commentaire de déclaration est obligatoire : décrivez ce qui a été fait.',
      );
      const files = t.byId(`${PREFIX}-pieces`);
      expect(files.getAttribute('aria-invalid')).toBe('true');
      expect(
        Array.from(t.page.querySelectorAll(`#${PREFIX}-pieces-messages .fr-message`)).map((item) =>
          textOf(item),
        ),
      ).toEqual([
        "Le fichier « scan.tiff » n'est pas d'un type accepté : joignez un fichier PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.",
        'Le fichier « gros.pdf » dépasse 10 Mo : réduisez-le ou découpez-le avant de le joindre.',
      ]);
      expect(document.activeElement?.id).toBe(`${PREFIX}-commentaire`);
    });

    it('refuses an indicator value that is not a number ≥ 0', async () => {
      await t.type(`${PREFIX}-commentaire`, 'Fait.');
      await t.type(`${PREFIX}-INS_QUALIFIEES`, 'beaucoup');
      await t.submit(form());

      t.http.expectNone(DECLARATION);
      expect(t.messageOf(`${PREFIX}-INS_QUALIFIEES`)).toBe(
        "La valeur de l'indicateur « Identités INS qualifiées » doit être un nombre positif ou nul, par exemple 12 ou 12,5.",
      );
    });

    it('confirms, then sends multipart with the milestone version, the comment, the values typed and the files', async () => {
      await t.type(`${PREFIX}-commentaire`, '  DUI déployé dans les 15 ESSMS, procès-verbaux joints.  ');
      await t.type(`${PREFIX}-INS_QUALIFIEES`, '82,5');
      await chooseFiles([file('pv-recette.pdf', 2000), file('photo.png', 3000, 'image/png')]);
      await t.submit(form());

      const dialog = t.dialog()!;
      expect(textOf(dialog.querySelector('h2'))).toBe('Déclarer le jalon « DUI déployé » ?');
      expect(textOf(dialog)).toContain('2 pièces justificatives sont jointes.');
      t.http.expectNone(DECLARATION);

      await t.click(t.button('Envoyer la déclaration', dialog));
      const request = t.request(DECLARATION, 'POST');
      const body = request.request.body as FormData;
      expect(body.get('version')).toBe('3');
      expect(body.get('comment')).toBe('DUI déployé dans les 15 ESSMS, procès-verbaux joints.');
      expect(body.get('indicatorValues')).toBe('{"INS_QUALIFIEES":82.5}');
      expect(body.getAll('files').map((part) => (part as File).name)).toEqual([
        'pv-recette.pdf',
        'photo.png',
      ]);
      request.flush({ ...LATE_MILESTONE, status: 'DECLARE', statusLabel: 'Déclaré', version: 4 });
      await t.settle();

      expect(t.page.querySelector('esms-milestone-declaration-form')).toBeNull();
      expect(textOf(t.page.querySelector('[data-milestone-notice]'))).toBe(
        "Le jalon « DUI déployé » est déclaré : il attend la validation de l'ARS.",
      );
      await t.answer(`/api/projects/${ID}`, projectDetail());
    });

    it('shows a file refused by the API (its content) next to the file input', async () => {
      await t.type(`${PREFIX}-commentaire`, 'Fait.');
      await chooseFiles([file('faux.pdf', 2000)]);
      await t.submit(form());
      await t.click(t.button('Envoyer la déclaration', t.dialog()!));
      await t.fail(
        DECLARATION,
        415,
        {
          statusCode: 415,
          code: 'FILE_TYPE_REFUSED',
          message:
            'Le contenu du fichier « faux.pdf » ne correspond pas à son extension : joignez un vrai fichier PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.',
          field: 'files.0',
        },
        'POST',
      );

      expect(t.messageOf(`${PREFIX}-pieces`)).toBe(
        'Le contenu du fichier « faux.pdf » ne correspond pas à son extension : joignez un vrai fichier PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV.',
      );
      expect(t.page.querySelector('esms-milestone-declaration-form')).not.toBeNull();
    });

    it('says plainly that the milestone changed meanwhile, and reloads', async () => {
      await t.type(`${PREFIX}-commentaire`, 'Fait.');
      await t.submit(form());
      await t.click(t.button('Envoyer la déclaration', t.dialog()!));
      await t.fail(
        DECLARATION,
        409,
        {
          statusCode: 409,
          code: 'STALE_VERSION',
          message:
            "Le jalon a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.",
          field: 'version',
        },
        'POST',
      );

      const alert = t.page.querySelector<HTMLElement>(
        'esms-milestone-declaration-form [data-error-summary]',
      )!;
      expect(textOf(alert)).toContain("Rien n'a été enregistré.");
      expect(document.activeElement).toBe(alert);
      await t.click(t.button('Recharger', alert));
      await t.answer(`/api/projects/${ID}`, projectDetail());
    });
  });
});
