import { Routes } from '@angular/router';

import { UsersAdminPage } from './users-admin-page';

/** Under `/administration`, which `roleGuard('CNSA_ADMIN')` protects. */
export const usersRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'utilisateurs' },
  { path: 'utilisateurs', title: 'Administration des accès', component: UsersAdminPage },
];
