import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';

import { appConfig } from '../../app.config';
import { textOf } from '../../shared/testing/dom';
import { NotFoundPage } from './not-found-page';

describe('NotFoundPage', () => {
  it.each(['/nimporte-quoi', '/referentiel/inconnu', '/rapports-annuels-2019'])(
    'answers %s with a French « Page non trouvée »',
    async (url) => {
      TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
      const harness = await RouterTestingHarness.create();

      const page = await harness.navigateByUrl(url, NotFoundPage);
      await harness.fixture.whenStable();
      const element = harness.routeNativeElement as HTMLElement;

      expect(page).toBeInstanceOf(NotFoundPage);
      expect(document.title).toBe('Page non trouvée — Pilotage ESMS numérique');
      expect(textOf(element.querySelector('h1'))).toBe('Page non trouvée');
      expect(textOf(element)).toContain('La page que vous cherchez est introuvable.');
      const home = element.querySelector('a.fr-btn');
      expect(textOf(home)).toBe("Page d'accueil");
      expect(home?.getAttribute('href')).toBe('/');
    },
  );
});
