import { Routes } from '@angular/router';

import { EnvelopeDetailPage } from './envelope-detail-page';
import { EnvelopesPage } from './envelopes-page';

/** Under `/enveloppes`, for every signed-in user (the API keeps ARS and GRADeS users to their envelopes). */
export const envelopesRoutes: Routes = [
  { path: '', title: 'Enveloppes', component: EnvelopesPage },
  { path: ':id', title: 'Enveloppe', component: EnvelopeDetailPage },
];
