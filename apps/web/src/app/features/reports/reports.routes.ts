import { Routes } from '@angular/router';

import { ReportsPage } from './reports-page';

/** Under `/rapports`, which `authGuard` protects; the API scopes every export to the user's regions. */
export const reportsRoutes: Routes = [{ path: '', title: 'Rapports', component: ReportsPage }];
