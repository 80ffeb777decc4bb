import { Routes } from '@angular/router';

/** Every page is lazy: the initial bundle holds the shell only. Titles go through `PageTitleStrategy`. */
export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'referentiel' },
  {
    path: 'referentiel',
    loadChildren: () => import('./features/referentiel/referentiel.routes').then((m) => m.referentielRoutes),
  },
  {
    path: 'accessibilite',
    title: "Déclaration d'accessibilité",
    loadComponent: () =>
      import('./features/legal/accessibility-statement').then((m) => m.AccessibilityStatement),
  },
  {
    path: 'mentions-legales',
    title: 'Mentions légales',
    loadComponent: () => import('./features/legal/legal-notice').then((m) => m.LegalNotice),
  },
  {
    path: 'donnees-personnelles',
    title: 'Données personnelles',
    loadComponent: () => import('./features/legal/personal-data').then((m) => m.PersonalData),
  },
  {
    path: '**',
    title: 'Page non trouvée',
    loadComponent: () => import('./core/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
