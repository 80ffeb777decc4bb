import { Routes } from '@angular/router';

import { ReferentielPage } from './referentiel-page';

export const referentielRoutes: Routes = [{ path: '', title: 'Référentiel', component: ReferentielPage }];
