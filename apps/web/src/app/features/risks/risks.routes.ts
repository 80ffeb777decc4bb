import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth-guards';
import { ForecastPage } from './forecast-page';
import { FreshnessPage } from './freshness-page';
import { RiskFormPage } from './risk-form-page';
import { RiskRegisterPage } from './risk-register-page';
import { RiskyProjectsPage } from './risky-projects-page';

/**
 * Under `/risques`, which `authGuard` protects; the API scopes every list to the user's regions. Recording a risk
 * is for the ARS officer (their region) and the CNSA administrator.
 */
export const risksRoutes: Routes = [
  { path: '', title: 'Quels projets risquent de perdre leur seconde tranche ?', component: RiskyProjectsPage },
  { path: 'registre', title: 'Registre des risques', component: RiskRegisterPage },
  {
    path: 'registre/nouveau',
    title: 'Relever un risque',
    canActivate: [roleGuard('ARS_OFFICER', 'CNSA_ADMIN')],
    component: RiskFormPage,
  },
  { path: 'registre/:id', title: 'Risque du registre', component: RiskFormPage },
  { path: 'fraicheur', title: 'Fraîcheur des données', component: FreshnessPage },
  { path: 'previsions', title: 'Prévisions de consommation', component: ForecastPage },
];
