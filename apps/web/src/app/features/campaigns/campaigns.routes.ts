import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';

import { CampaignRulesPage } from './campaign-rules-page';

/**
 * Under `/referentiel/campagnes`, for every signed-in user (editing is for CNSA administrators, on the same
 * page). The list of campaigns is the référentiel's « Campagnes » tab.
 */
export const campaignsRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    redirectTo: () =>
      inject(Router).createUrlTree(['/referentiel'], { queryParams: { onglet: 'campagnes' } }),
  },
  { path: ':year', title: 'Règles de la campagne', component: CampaignRulesPage },
];
