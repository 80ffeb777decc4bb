import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';

import { appConfig } from '../../app.config';
import { textOf } from '../../shared/testing/dom';
import { HOSTING_DETAILS } from './legal-notice';

async function open(url: string, providers: unknown[] = []): Promise<HTMLElement> {
  TestBed.configureTestingModule({
    providers: [...appConfig.providers, provideHttpClientTesting(), ...(providers as never[])],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  await harness.fixture.whenStable();
  return harness.routeNativeElement as HTMLElement;
}

function headings(page: HTMLElement, level: string): string[] {
  return Array.from(page.querySelectorAll(level)).map((heading) => textOf(heading));
}

describe('Déclaration d’accessibilité', () => {
  it('follows the RGAA model and says honestly that the service is not compliant', async () => {
    const page = await open('/accessibilite');

    expect(document.title).toBe("Déclaration d'accessibilité — Pilotage ESMS numérique");
    expect(headings(page, 'h1')).toEqual(["Déclaration d'accessibilité"]);
    expect(headings(page, 'h2')).toEqual([
      'État de conformité',
      'Résultats des tests',
      'Contenus non accessibles',
      "Établissement de cette déclaration d'accessibilité",
      "Retour d'information et contact",
      'Voies de recours',
    ]);
    expect(textOf(page)).toContain('Pilotage ESMS numérique est non conforme');
    expect(textOf(page)).toContain("Aucun audit de conformité n'a encore été réalisé.");
    expect(textOf(page)).toContain('Cette déclaration a été établie le 23 novembre 2026.');
    expect(textOf(page)).toContain('66 avenue du Maine, 75014 Paris');
    expect(textOf(page)).toContain('Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07');
    const recourse = page.querySelector<HTMLAnchorElement>(
      'a[href="https://formulaire.defenseurdesdroits.fr/"]',
    );
    expect(recourse?.title).toContain('nouvelle fenêtre');
  });
});

describe('Mentions légales', () => {
  it('names the CNSA as publisher, at its address', async () => {
    const page = await open('/mentions-legales');

    expect(headings(page, 'h1')).toEqual(['Mentions légales']);
    expect(headings(page, 'h2')).toEqual(
      expect.arrayContaining(['Éditeur', 'Directeur de la publication', 'Hébergement']),
    );
    expect(textOf(page.querySelector('address'))).toBe(
      "Caisse nationale de solidarité pour l'autonomie 66 avenue du Maine 75014 Paris",
    );
    expect(textOf(page)).not.toMatch(/lorem|ipsum|à compléter|TODO/i);
  });

  it('says who publishes the hosting details until the deploying body provides them', async () => {
    const page = await open('/mentions-legales');

    expect(textOf(page)).toContain("hébergé par l'organisme qui en assure le déploiement");
  });

  it('shows the hosting details the deploying body provides', async () => {
    const page = await open('/mentions-legales', [
      {
        provide: HOSTING_DETAILS,
        useValue: {
          name: 'Hébergeur Exemple SAS',
          address: '1 rue de l’Exemple, 75001 Paris',
          phone: '01 23 45 67 89',
        },
      },
    ]);

    const addresses = Array.from(page.querySelectorAll('address')).map((address) => textOf(address));
    expect(addresses).toContain(
      'Hébergeur Exemple SAS 1 rue de l’Exemple, 75001 Paris Téléphone : 01 23 45 67 89',
    );
  });
});

describe('Données personnelles', () => {
  it('says what is held — no health data — why, for how long, and how to reach the DPO', async () => {
    const page = await open('/donnees-personnelles');

    expect(headings(page, 'h1')).toEqual(['Données personnelles']);
    expect(textOf(page)).toContain('Il ne contient aucune donnée de santé');
    expect(textOf(page)).toContain("mission d'intérêt public");
    expect(textOf(page)).toContain('Délégué à la protection des données');
    expect(page.querySelector('table caption')?.textContent?.trim()).toBe(
      'Durée de conservation par catégorie de données',
    );
    expect(page.querySelectorAll('table tbody th[scope="row"]')).toHaveLength(3);
  });
});
