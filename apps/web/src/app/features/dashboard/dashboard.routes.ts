import { Routes } from '@angular/router';

import { NationalDashboard } from './national-dashboard';
import { RegionalDashboard } from './regional-dashboard';

/** Under `/tableau-de-bord`, which `authGuard` protects; the API scopes regions (404 outside the user's). */
export const dashboardRoutes: Routes = [
  { path: '', title: 'Où en est le programme ESMS numérique ?', component: NationalDashboard },
  { path: 'regions/:code', title: 'Tableau de bord régional', component: RegionalDashboard },
];
