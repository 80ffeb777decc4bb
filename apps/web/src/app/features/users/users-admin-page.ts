import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  linkedSignal,
  viewChildren,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { forkJoin, map } from 'rxjs';

import { loadable } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { ErrorState } from '../../shared/ui/error-state';
import { tabIndexForKey } from '../../shared/ui/tab-keys';
import { OidcOrganisationList } from './oidc-organisation-list';
import { OrganisationReference } from './organisation-fields';
import { UserList } from './user-list';

/** Tabs of the page; the id is also the `onglet` query parameter, so that a tab can be linked to. */
export const USERS_ADMIN_TABS = [
  { id: 'comptes', label: 'Comptes' },
  { id: 'organisations', label: 'Organisations ProConnect' },
] as const;

export type UsersAdminTabId = (typeof USERS_ADMIN_TABS)[number]['id'];

const DEFAULT_TAB: UsersAdminTabId = 'comptes';

function toTabId(value: string | null | undefined): UsersAdminTabId {
  return USERS_ADMIN_TABS.find((tab) => tab.id === value)?.id ?? DEFAULT_TAB;
}

/**
 * « Qui a accès à l'outil ? » (CNSA administrators): the accounts, and the organisations whose agents may
 * sign in with ProConnect, in two DSFR tabs following the WAI-ARIA pattern (as on the référentiel page).
 * Regions and GRADeS, for the forms' selects, are read once for both tabs.
 */
@Component({
  selector: 'esms-users-admin-page',
  imports: [ErrorState, OidcOrganisationList, UserList],
  templateUrl: './users-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersAdminPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly organisations = inject(OrganisationsApi);

  private readonly tabParam = toSignal(this.route.queryParamMap.pipe(map((params) => params.get('onglet'))));

  protected readonly tabs = USERS_ADMIN_TABS;
  protected readonly selected = linkedSignal(() => toTabId(this.tabParam()));
  protected readonly selectedIndex = computed(() => this.tabs.findIndex((tab) => tab.id === this.selected()));

  private readonly tabButtons = viewChildren<ElementRef<HTMLButtonElement>>('tabButton');

  protected readonly referenceData = loadable(() =>
    forkJoin({ regions: this.organisations.regions(), grades: this.organisations.grades() }),
  );
  protected readonly reference = computed((): OrganisationReference | null => {
    const state = this.referenceData.state();
    return state.status === 'loaded' ? state.data : null;
  });

  protected select(id: UsersAdminTabId): void {
    if (id === this.selected()) return;
    this.selected.set(id);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { onglet: id === DEFAULT_TAB ? null : id },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected onTabKeydown(event: KeyboardEvent, index: number): void {
    const next = tabIndexForKey(event.key, index, this.tabs.length);
    const tab = next === undefined ? undefined : this.tabs[next];
    if (next === undefined || !tab) return;
    event.preventDefault();
    this.select(tab.id);
    this.tabButtons()[next]?.nativeElement.focus();
  }
}
