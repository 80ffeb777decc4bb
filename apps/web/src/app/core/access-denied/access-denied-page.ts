import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { ROLE_LABELS } from '@esms/domain';

import { AuthStore } from '../auth/auth-store';
import { homeFor } from '../auth/home';

/**
 * Answer to a page the user's role does not open (`roleGuard`), in the words of the DSFR error page model.
 * The address stays the one asked for, so that it can be sent to an administrator.
 */
@Component({
  selector: 'esms-access-denied-page',
  imports: [RouterLink],
  template: `
    <div class="fr-container fr-py-6w">
      <p class="fr-text--sm fr-mb-3w">Erreur 403</p>
      <h1>Accès refusé</h1>
      <p class="fr-text--lead fr-mb-3w">Votre rôle ne vous permet pas d'afficher cette page.</p>
      <p class="fr-mb-5w">
        @if (roleLabel(); as role) {
          Votre rôle est « {{ role }} ».
        }
        Si vous avez besoin de cette page pour votre mission, demandez à un administrateur de la CNSA de
        modifier votre rôle.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a class="fr-btn" [routerLink]="home()">Page d'accueil</a>
        </li>
      </ul>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccessDeniedPage {
  private readonly user = inject(AuthStore).user;

  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : null;
  });
  protected readonly home = computed(() => {
    const user = this.user();
    return user ? homeFor(user) : '/';
  });
}
