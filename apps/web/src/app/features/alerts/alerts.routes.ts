import { Routes } from '@angular/router';

import { AlertsPage } from './alerts-page';

/** Under `/alertes`, which `authGuard` protects; the API gives each user the alerts of their scope. */
export const alertsRoutes: Routes = [
  { path: '', title: 'Quelles alertes demandent votre attention ?', component: AlertsPage },
];
