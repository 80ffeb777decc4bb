import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { forkJoin } from 'rxjs';

import { loadable } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { ErrorState } from '../../shared/ui/error-state';
import { TabPanel, Tabs } from '../../shared/ui/tabs';
import { OidcOrganisationList } from './oidc-organisation-list';
import { OrganisationReference } from './organisation-fields';
import { UserList } from './user-list';

/** Tabs of the page; the id is also the `onglet` query parameter, so that a tab can be linked to. */
export const USERS_ADMIN_TABS = [
  { id: 'comptes', label: 'Comptes' },
  { id: 'organisations', label: 'Organisations ProConnect' },
] as const;

/**
 * « Qui a accès à l'outil ? » (CNSA administrators): the accounts, and the organisations whose agents may
 * sign in with ProConnect, in two DSFR tabs following the WAI-ARIA pattern (as on the référentiel page).
 * Regions and GRADeS, for the forms' selects, are read once for both tabs.
 */
@Component({
  selector: 'esms-users-admin-page',
  imports: [ErrorState, OidcOrganisationList, TabPanel, Tabs, UserList],
  templateUrl: './users-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersAdminPage {
  private readonly organisations = inject(OrganisationsApi);

  protected readonly tabs = USERS_ADMIN_TABS;

  protected readonly referenceData = loadable(() =>
    forkJoin({ regions: this.organisations.regions(), grades: this.organisations.grades() }),
  );
  protected readonly reference = computed((): OrganisationReference | null => {
    const state = this.referenceData.state();
    return state.status === 'loaded' ? state.data : null;
  });
}
