import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse, RegionResponse } from '@esms/api-contract';

import { appConfig } from '../../app.config';
import { CNSA_ANALYST, GRADES_MEMBER, answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';

const REGIONS: RegionResponse[] = [
  { code: '04', name: 'La Réunion', arsName: 'ARS La Réunion', territory: 'outre_mer', grades: [] },
  { code: '06', name: 'Mayotte', arsName: 'ARS Mayotte', territory: 'outre_mer', grades: [] },
  { code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'metropole', grades: [] },
];

describe('AccountPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let harness: RouterTestingHarness;

  async function open(user: CurrentUserResponse): Promise<void> {
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    answerSession(http, user);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/mon-compte');
    page = harness.routeNativeElement as HTMLElement;
  }

  /** The description list as [term, description] pairs; the items of a list joined by « ; ». */
  function details(): string[][] {
    return Array.from(page.querySelectorAll('dt')).map((term) => {
      const description = term.nextElementSibling;
      const items = Array.from(description?.querySelectorAll('li') ?? []);
      return [
        textOf(term),
        items.length ? items.map((item) => textOf(item)).join(' ; ') : textOf(description),
      ];
    });
  }

  it('says who the user is, what they see, and how long a session lasts', async () => {
    await open(GRADES_MEMBER);
    expect(details()[4]).toEqual(['Régions consultées', 'Chargement des régions…']);

    http.expectOne('/api/regions').flush(REGIONS);
    await harness.fixture.whenStable();

    expect(textOf(page.querySelector('h1'))).toBe('Mon compte');
    expect(document.title).toBe('Mon compte — Pilotage ESMS numérique');
    expect(details()).toEqual([
      ['Nom', 'Anaïs Payet'],
      ['Adresse électronique', 'anais.payet@tesis.re'],
      ['Rôle', 'Membre de GRADeS'],
      ['Organisation', 'GCS TESIS (GRADeS)'],
      ['Régions consultées', 'La Réunion ; Mayotte'],
      [
        'Durée de session',
        'Votre session se termine après 30 minutes sans activité : il faut alors vous reconnecter.',
      ],
    ]);
  });

  it('still names the regions by code when the référentiel cannot be read', async () => {
    await open(GRADES_MEMBER);
    http.expectOne('/api/regions').flush({}, { status: 503, statusText: 'Service Unavailable' });
    await harness.fixture.whenStable();

    expect(details()[4]).toEqual(['Régions consultées', 'Région 04 ; Région 06']);
  });

  it('says a national role sees every region', async () => {
    await open(CNSA_ANALYST);
    http.expectOne('/api/regions').flush(REGIONS);
    await harness.fixture.whenStable();

    expect(details().slice(2, 5)).toEqual([
      ['Rôle', 'Analyste CNSA'],
      ['Organisation', 'CNSA'],
      ['Régions consultées', 'Toutes les régions (périmètre national)'],
    ]);
  });

  it('signs out', async () => {
    await open(CNSA_ANALYST);
    http.expectOne('/api/regions').flush(REGIONS);
    await harness.fixture.whenStable();

    const button = Array.from(page.querySelectorAll('button')).find(
      (candidate) => textOf(candidate) === 'Se déconnecter',
    );
    button!.click();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: '' });
    await new Promise((resolve) => setTimeout(resolve));

    expect(TestBed.inject(Router).url).toBe('/connexion');
  });
});
