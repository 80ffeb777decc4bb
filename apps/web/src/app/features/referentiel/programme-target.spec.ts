import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { CNSA_ADMIN, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { ProgrammeTarget } from './programme-target';
import { ESSMS_TARGET_SETTING } from './testing/programme-settings-fixtures';

const NNBSP = '\u202f';

describe('ProgrammeTarget (« Cible du programme », référentiel)', () => {
  let http: HttpTestingController;

  async function open(user: CurrentUserResponse): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, user);
    await loaded;
    const fixture = TestBed.createComponent(ProgrammeTarget);
    fixture.detectChanges();
    http.expectOne('/api/programme-settings').flush([ESSMS_TARGET_SETTING]);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function submit(page: HTMLElement, value: string): Promise<void> {
    const input = page.querySelector<HTMLInputElement>('#cible-valeur')!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await new Promise((resolve) => setTimeout(resolve));
  }

  afterEach(() => http.verify());

  it('shows the target to every reader, without a form for an analyst', async () => {
    const page = await open(CNSA_ANALYST);
    expect(textOf(page.querySelector('h2'))).toBe('Cible du programme');
    expect(textOf(page.querySelector('p'))).toContain(`36${NNBSP}500 ESSMS à équiper de DUI`);
    expect(textOf(page.querySelector('p'))).toContain('modifiée le 2 novembre 2026');
    expect(page.querySelector('form')).toBeNull();
  });

  it('lets a CNSA administrator save a new target with the version read, then announces it', async () => {
    const page = await open(CNSA_ADMIN);
    await submit(page, '37 000');
    const request = http.expectOne('/api/programme-settings/ESSMS_TARGET');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ version: 1, value: 37_000 });
    request.flush({ ...ESSMS_TARGET_SETTING, value: 37_000, version: 2 });
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    expect(textOf(page.querySelector('.fr-alert--success'))).toBe(`La cible du programme est enregistrée : 37${NNBSP}000 ESSMS.`);
    expect(textOf(page.querySelector('p'))).toContain(`37${NNBSP}000 ESSMS`);
  });

  it('refuses a value that is not a whole number next to the field, without asking the API', async () => {
    const page = await open(CNSA_ADMIN);
    await submit(page, '36,5');
    TestBed.tick();
    expect(textOf(page.querySelector('#cible-valeur-erreur'))).toBe('Saisissez la cible en nombre entier d’ESSMS, par exemple 36500.');
    expect(page.querySelector('#cible-valeur')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the API’s refusal (stale version) next to the field', async () => {
    const page = await open(CNSA_ADMIN);
    await submit(page, '40000');
    http.expectOne('/api/programme-settings/ESSMS_TARGET').flush(
      {
        statusCode: 409,
        code: 'STALE_VERSION',
        message: '« Cible » a été modifié entre-temps par quelqu’un d’autre : rechargez la page avant de recommencer.',
        field: 'version',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    expect(textOf(page.querySelector('#cible-valeur-erreur'))).toMatch(/modifié entre-temps.*rechargez la page/);
  });
});
