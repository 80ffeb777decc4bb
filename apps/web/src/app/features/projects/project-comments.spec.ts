import type { CommentResponse, CurrentUserResponse } from '@esms/api-contract';

import { ARS_OFFICER, CNSA_ADMIN } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { ProjectsHarness } from './testing/harness';
import { page, projectDetail } from './testing/projects-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';
const URL = `/api/projects/${ID}`;
const COMMENTS = `/api/projects/${ID}/comments`;
const COMMENT_ID = 'cccccccc-0000-4000-8000-000000000001';
const ONE = `${COMMENTS}/${COMMENT_ID}`;

function comment(overrides: Partial<CommentResponse> = {}): CommentResponse {
  return {
    id: COMMENT_ID,
    projectId: ID,
    milestoneId: null,
    author: { id: 'u1', displayName: 'Yann Le Goff', organisation: 'ARS Bretagne' },
    body: 'Comité de suivi le 12 mars.',
    visibility: 'TOUS',
    createdAt: '2026-11-23T09:00:00.000Z',
    editedAt: null,
    canEdit: true,
    version: 1,
    ...overrides,
  };
}

describe('Project comments: edited and deleted by their author', () => {
  let t: ProjectsHarness;

  beforeEach(() => {
    t = new ProjectsHarness();
  });

  afterEach(() => t.http.verify());

  async function open(user: CurrentUserResponse, comments: CommentResponse[]): Promise<void> {
    await t.start(user, `/projets/${ID}?onglet=commentaires`);
    await t.answer(URL, projectDetail());
    await t.answer(COMMENTS, page(comments));
  }

  const item = () => t.page.querySelector<HTMLElement>('.esms-comment')!;
  const editField = () => t.byId<HTMLTextAreaElement>(`commentaire-modif-${COMMENT_ID}`);

  it('offers « Modifier » and « Supprimer » on the user’s own comments only, and shows « modifié le … »', async () => {
    await open(ARS_OFFICER, [
      comment({ editedAt: '2026-11-24T15:30:00.000Z', version: 2 }),
      comment({
        id: 'cccccccc-0000-4000-8000-000000000002',
        canEdit: false,
        author: { id: 'u2', displayName: 'Camille Martin', organisation: 'CNSA' },
      }),
    ]);

    const [mine, theirs] = Array.from(t.page.querySelectorAll<HTMLElement>('.esms-comment'));
    expect(textOf(mine!.querySelector('p'))).toBe(
      'Yann Le Goff, ARS Bretagne, le 23/11/2026 à 10:00 (modifié le 24/11/2026 à 16:30)',
    );
    expect(t.buttons(mine)).toEqual([
      'Modifier votre commentaire du 23/11/2026 à 10:00',
      'Supprimer votre commentaire du 23/11/2026 à 10:00',
    ]);
    expect(t.buttons(theirs)).toEqual([]);
  });

  it('edits in place with the version read, then reloads the list and announces it', async () => {
    await open(ARS_OFFICER, [comment()]);

    await t.click(t.button(/^Modifier/, item()));
    expect(editField().value).toBe('Comité de suivi le 12 mars.');
    expect(document.activeElement).toBe(editField());
    await t.type(`commentaire-modif-${COMMENT_ID}`, '  Comité de suivi le 14 mars.  ');
    await t.click(t.button('Enregistrer la modification', item()));

    const request = t.request(ONE, 'PATCH');
    expect(request.request.body).toEqual({ version: 1, body: 'Comité de suivi le 14 mars.' });
    request.flush(
      comment({ body: 'Comité de suivi le 14 mars.', editedAt: '2026-11-24T15:30:00.000Z', version: 2 }),
    );
    await t.settle();
    await t.answer(
      COMMENTS,
      page([
        comment({ body: 'Comité de suivi le 14 mars.', editedAt: '2026-11-24T15:30:00.000Z', version: 2 }),
      ]),
    );

    const success = t.page.querySelector<HTMLElement>('[data-comment-list-success]')!;
    expect(textOf(success)).toBe('Votre commentaire est modifié.');
    expect(document.activeElement).toBe(success);
    expect(textOf(item())).toContain('(modifié le 24/11/2026 à 16:30)');
    expect(textOf(item())).toContain('Comité de suivi le 14 mars.');
  });

  it('refuses an empty text next to the field, without asking the API; « Annuler » gives the comment back', async () => {
    await open(ARS_OFFICER, [comment()]);

    await t.click(t.button(/^Modifier/, item()));
    await t.type(`commentaire-modif-${COMMENT_ID}`, '   ');
    await t.click(t.button('Enregistrer la modification', item()));
    t.http.expectNone(ONE);
    expect(t.messageOf(`commentaire-modif-${COMMENT_ID}`)).toBe(
      'Le commentaire est vide : écrivez votre message, ou supprimez le commentaire.',
    );
    expect(editField().getAttribute('aria-invalid')).toBe('true');

    await t.click(t.button('Annuler', item()));
    expect(t.page.querySelector(`#commentaire-modif-${COMMENT_ID}`)).toBeNull();
    expect(textOf(item())).toContain('Comité de suivi le 12 mars.');
    expect(document.activeElement).toBe(t.button(/^Modifier/, item()));
  });

  it('explains a stale version (409) and offers to reload the comments', async () => {
    await open(ARS_OFFICER, [comment()]);

    await t.click(t.button(/^Modifier/, item()));
    await t.click(t.button('Enregistrer la modification', item()));
    await t.fail(
      ONE,
      409,
      {
        statusCode: 409,
        code: 'STALE_VERSION',
        message:
          "Le commentaire a été modifié entre-temps par quelqu'un d'autre : rechargez-le, vérifiez les changements, puis recommencez.",
        field: 'version',
      },
      'PATCH',
    );
    const alert = t.page.querySelector<HTMLElement>('[data-comment-edit-problem]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe('Ce commentaire a été modifié entre-temps');
    expect(textOf(alert)).toContain("Rien n'a été enregistré.");
    expect(document.activeElement).toBe(alert);

    await t.click(t.button('Recharger les commentaires', alert));
    await t.answer(COMMENTS, page([comment({ version: 2 })]));
    expect(t.page.querySelector('[data-comment-edit-problem]')).toBeNull();
  });

  it('deletes after a confirmation dialog, with the version read in If-Match', async () => {
    await open(CNSA_ADMIN, [comment({ version: 3 })]);

    await t.click(t.button(/^Supprimer/, item()));
    const dialog = t.dialog()!;
    expect(textOf(dialog.querySelector('h2'))).toBe('Supprimer ce commentaire ?');
    expect(textOf(dialog)).toContain('Comité de suivi le 12 mars.');
    expect(document.activeElement?.textContent?.trim()).toBe('Annuler');
    await t.click(t.button('Annuler', dialog));
    expect(t.dialog()).toBeNull();
    t.http.expectNone(ONE);

    await t.click(t.button(/^Supprimer/, item()));
    await t.click(t.button('Supprimer le commentaire', t.dialog()!));
    const request = t.request(ONE, 'DELETE');
    expect(request.request.headers.get('If-Match')).toBe('"3"');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await t.settle();
    await t.answer(COMMENTS, page([]));

    expect(t.dialog()).toBeNull();
    expect(textOf(t.page.querySelector('[data-comment-list-success]'))).toBe('Le commentaire est supprimé.');
    expect(t.page.querySelector('.esms-comment')).toBeNull();
  });

  it('shows a refused deletion as an alert in French', async () => {
    await open(ARS_OFFICER, [comment()]);

    await t.click(t.button(/^Supprimer/, item()));
    await t.click(t.button('Supprimer le commentaire', t.dialog()!));
    await t.fail(
      ONE,
      403,
      { statusCode: 403, code: 'FORBIDDEN', message: "Seul l'auteur d'un commentaire peut le supprimer." },
      'DELETE',
    );

    const alert = t.page.querySelector<HTMLElement>('[data-comment-list-problem]')!;
    expect(textOf(alert.querySelector('.fr-alert__title'))).toBe("Le commentaire n'a pas été supprimé");
    expect(textOf(alert)).toContain("Seul l'auteur d'un commentaire peut le supprimer.");
    expect(document.activeElement).toBe(alert);
  });
});
