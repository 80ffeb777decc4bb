import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/auth-guards';
import { ProjectDetailPage } from './project-detail-page';
import { ProjectForm } from './project-form';
import { ProjectList } from './project-list';

/**
 * Under `/projets`, which `authGuard` protects. Filing and editing are for the ARS officer and the CNSA
 * administrator (the API checks the region); the detail page's title is set once the project is read.
 */
export const projectsRoutes: Routes = [
  { path: '', title: 'Où en sont les projets ?', component: ProjectList },
  {
    path: 'nouveau',
    title: 'Nouveau projet',
    canActivate: [roleGuard('ARS_OFFICER', 'CNSA_ADMIN')],
    component: ProjectForm,
  },
  { path: ':id', title: 'Projet', component: ProjectDetailPage },
  {
    path: ':id/modifier',
    title: 'Modifier un projet',
    canActivate: [roleGuard('ARS_OFFICER', 'CNSA_ADMIN')],
    component: ProjectForm,
  },
];
