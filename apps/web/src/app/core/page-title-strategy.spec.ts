import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TitleStrategy, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { PageTitleStrategy } from './page-title-strategy';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

describe('PageTitleStrategy', () => {
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'mentions-legales', title: 'Mentions légales', component: Blank },
          {
            path: 'parent',
            title: 'Parent',
            children: [{ path: 'enfant', title: 'Enfant', component: Blank }],
          },
          { path: 'sans-titre', component: Blank },
        ]),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  it('suffixes the page title with the service name', async () => {
    await harness.navigateByUrl('/mentions-legales');

    expect(document.title).toBe('Mentions légales — Pilotage ESMS numérique');
  });

  it('uses the title of the deepest route', async () => {
    await harness.navigateByUrl('/parent/enfant');

    expect(document.title).toBe('Enfant — Pilotage ESMS numérique');
  });

  it('falls back to the service name for a route without title', async () => {
    await harness.navigateByUrl('/mentions-legales');
    await harness.navigateByUrl('/sans-titre');

    expect(document.title).toBe('Pilotage ESMS numérique');
  });
});
