import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { referentielRoutes } from './referentiel.routes';
import { textOf } from '../../shared/testing/dom';
import { CAMPAIGNS, ESSMS_CATEGORIES, REGIONS } from './testing/referentiel-fixtures';
import { ESSMS_TARGET_SETTING } from './testing/programme-settings-fixtures';

describe('ReferentielPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  async function open(url: string): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'referentiel', children: referentielRoutes }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    http.expectOne('/api/regions').flush(REGIONS);
    http.expectOne('/api/essms-categories').flush(ESSMS_CATEGORIES);
    http.expectOne('/api/campaigns').flush(CAMPAIGNS);
    http.expectOne('/api/programme-settings').flush([ESSMS_TARGET_SETTING]);
    await harness.fixture.whenStable();
    return harness.routeNativeElement as HTMLElement;
  }

  afterEach(() => http.verify());

  function tabs(page: HTMLElement): HTMLButtonElement[] {
    return Array.from(page.querySelectorAll<HTMLButtonElement>('[role="tablist"] [role="tab"]'));
  }

  function visiblePanels(page: HTMLElement): HTMLElement[] {
    return Array.from(page.querySelectorAll<HTMLElement>('[role="tabpanel"]')).filter(
      (panel) => !panel.hidden,
    );
  }

  async function press(page: HTMLElement, tab: HTMLElement, key: string): Promise<void> {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    tab.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await harness.fixture.whenStable();
  }

  it('asks its question in the only h1', async () => {
    const page = await open('/referentiel');

    const headings = page.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    expect(textOf(headings[0])).toBe('Qui pilote le programme dans chaque région ?');
  });

  it('marks up DSFR tabs with the ARIA tab roles, the first one selected', async () => {
    const page = await open('/referentiel');

    expect(page.querySelector('.fr-tabs__list')?.getAttribute('role')).toBe('tablist');
    expect(tabs(page).map((tab) => textOf(tab))).toEqual([
      'Régions et ARS',
      "Catégories d'ESSMS",
      'Campagnes',
    ]);
    for (const tab of tabs(page)) {
      const panel = page.querySelector(`#${tab.getAttribute('aria-controls')}`);
      expect(panel?.getAttribute('role')).toBe('tabpanel');
      expect(panel?.getAttribute('aria-labelledby')).toBe(tab.id);
      expect(tab.parentElement?.getAttribute('role')).toBe('presentation');
    }
    expect(tabs(page).map((tab) => tab.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(tabs(page).map((tab) => tab.tabIndex)).toEqual([0, -1, -1]);
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-regions']);
    expect(textOf(visiblePanels(page)[0])).toContain('GCS TESIS (commun avec Mayotte)');
  });

  it('moves between tabs with the arrow keys, Home and End, focus following selection', async () => {
    const page = await open('/referentiel');
    const [regions, categories, campaigns] = tabs(page);
    regions!.focus();

    await press(page, regions!, 'ArrowRight');
    expect(document.activeElement).toBe(categories);
    expect(categories!.getAttribute('aria-selected')).toBe('true');
    expect(regions!.getAttribute('aria-selected')).toBe('false');
    expect(categories!.tabIndex).toBe(0);
    expect(regions!.tabIndex).toBe(-1);
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-categories']);
    expect(textOf(visiblePanels(page)[0])).toContain('EHPAD');

    await press(page, categories!, 'End');
    expect(document.activeElement).toBe(campaigns);
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-campagnes']);

    await press(page, campaigns!, 'ArrowRight');
    expect(document.activeElement).toBe(regions);

    await press(page, regions!, 'ArrowLeft');
    expect(document.activeElement).toBe(campaigns);

    await press(page, campaigns!, 'Home');
    expect(document.activeElement).toBe(regions);
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-regions']);
  });

  it('leaves other keys to the browser', async () => {
    const page = await open('/referentiel');
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });

    tabs(page)[0]!.dispatchEvent(event);

    expect(event.defaultPrevented).toBe(false);
  });

  it('keeps the selected tab in the address, so that it can be shared', async () => {
    const page = await open('/referentiel');

    tabs(page)[2]!.click();
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/referentiel?onglet=campagnes');
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-campagnes']);
  });

  it('opens on the tab named in the address', async () => {
    const page = await open('/referentiel?onglet=categories');

    expect(tabs(page).map((tab) => tab.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-categories']);
  });

  it('falls back to the first tab for an unknown tab name', async () => {
    const page = await open('/referentiel?onglet=inconnu');

    expect(visiblePanels(page).map((panel) => panel.id)).toEqual(['panneau-regions']);
  });
});
