import { Routes } from '@angular/router';

import { ImportsPage } from './imports-page';

/** Under `/imports` (ARS officers and the CNSA import; analysts and auditors read the history). */
export const importsRoutes: Routes = [{ path: '', title: 'Importer des données', component: ImportsPage }];
