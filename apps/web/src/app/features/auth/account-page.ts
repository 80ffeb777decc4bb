import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { ORGANISATION_KIND_LABELS, ROLE_LABELS } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadable } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { formatInteger } from '../../shared/format/format';

/** « Mon compte »: who the user is for the tool, what they can see, and how long a session lasts. */
@Component({
  selector: 'esms-account-page',
  templateUrl: './account-page.html',
  styles: `
    .esms-account dt {
      font-weight: 700;
    }
    .esms-account dd {
      margin: 0 0 1.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  private readonly auth = inject(AuthStore);
  private readonly organisations = inject(OrganisationsApi);

  protected readonly user = this.auth.user;
  private readonly regions = loadable(() => this.organisations.regions());

  protected readonly role = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });

  protected readonly organisation = computed(() => {
    const organisation = this.user()?.organisation;
    if (!organisation) return '';
    const kind = ORGANISATION_KIND_LABELS[organisation.kind];
    return organisation.name === kind ? kind : `${organisation.name} (${kind})`;
  });

  /** Names of the regions in scope, « Toutes les régions » for a national role. */
  protected readonly scope = computed((): { loading: boolean; names: string[] | null } => {
    const codes = this.user()?.organisation.regionCodes ?? null;
    if (codes === null) return { loading: false, names: null };
    const state = this.regions.state();
    if (state.status === 'loading') return { loading: true, names: [] };
    // Without the référentiel, the INSEE codes still say which regions.
    const byCode = new Map(
      state.status === 'loaded' ? state.data.map((region) => [region.code, region.name]) : [],
    );
    return { loading: false, names: codes.map((code) => byCode.get(code) ?? `Région ${code}`) };
  });

  protected readonly idleTimeout = computed(() => {
    const minutes = Math.round((this.user()?.sessionIdleTimeoutSeconds ?? 0) / 60);
    return `${formatInteger(minutes)} minute${minutes > 1 ? 's' : ''}`;
  });

  protected signOut(): void {
    void this.auth.logout();
  }
}
