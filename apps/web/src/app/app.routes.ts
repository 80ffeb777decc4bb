import { Routes } from '@angular/router';

import { authGuard, guestGuard, redirectToHome, roleGuard } from './core/auth/auth-guards';

/**
 * Every page is lazy: the initial bundle holds the shell only. Titles go through `PageTitleStrategy`.
 * Pages need a signed-in user, except the sign-in page, the legal pages and the error pages.
 */
export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: redirectToHome },
  {
    path: 'connexion',
    title: 'Connexion',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'mon-compte',
    title: 'Mon compte',
    canActivate: [authGuard],
    loadComponent: () => import('./features/auth/account-page').then((m) => m.AccountPage),
  },
  {
    path: 'tableau-de-bord',
    canActivate: [authGuard],
    loadChildren: () => import('./features/dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
  },
  {
    path: 'projets',
    canActivate: [authGuard],
    loadChildren: () => import('./features/projects/projects.routes').then((m) => m.projectsRoutes),
  },
  {
    path: 'enveloppes',
    canActivate: [authGuard],
    loadChildren: () => import('./features/envelopes/envelopes.routes').then((m) => m.envelopesRoutes),
  },
  {
    path: 'risques',
    canActivate: [authGuard],
    loadChildren: () => import('./features/risks/risks.routes').then((m) => m.risksRoutes),
  },
  {
    path: 'rapports',
    canActivate: [authGuard],
    loadChildren: () => import('./features/reports/reports.routes').then((m) => m.reportsRoutes),
  },
  {
    path: 'imports',
    canActivate: [roleGuard('ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR')],
    loadChildren: () => import('./features/imports/imports.routes').then((m) => m.importsRoutes),
  },
  {
    path: 'alertes',
    canActivate: [authGuard],
    loadChildren: () => import('./features/alerts/alerts.routes').then((m) => m.alertsRoutes),
  },
  {
    // Before `referentiel`: the rules of one campaign, opened from the référentiel's « Campagnes » tab.
    path: 'referentiel/campagnes',
    canActivate: [authGuard],
    loadChildren: () => import('./features/campaigns/campaigns.routes').then((m) => m.campaignsRoutes),
  },
  {
    path: 'referentiel',
    canActivate: [authGuard],
    loadChildren: () => import('./features/referentiel/referentiel.routes').then((m) => m.referentielRoutes),
  },
  {
    path: 'administration',
    canActivate: [roleGuard('CNSA_ADMIN')],
    loadChildren: () => import('./features/users/users.routes').then((m) => m.usersRoutes),
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
    // Shown by `roleGuard`; the address bar keeps the address the user asked for. No guard: no loop.
    path: 'acces-refuse',
    title: 'Accès refusé',
    loadComponent: () => import('./core/access-denied/access-denied-page').then((m) => m.AccessDeniedPage),
  },
  {
    path: '**',
    title: 'Page non trouvée',
    loadComponent: () => import('./core/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
