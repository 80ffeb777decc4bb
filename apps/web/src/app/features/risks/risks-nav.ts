import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The pages of « Risques », one question each; the current one is marked for assistive technologies too. */
export const RISK_PAGES = [
  { path: '/risques', label: 'Projets à risque', exact: true },
  { path: '/risques/registre', label: 'Registre des risques', exact: false },
  { path: '/risques/fraicheur', label: 'Fraîcheur des données', exact: true },
  { path: '/risques/previsions', label: 'Prévisions de consommation', exact: true },
] as const;

@Component({
  selector: 'esms-risks-nav',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav class="fr-mb-4w" aria-label="Pages des risques">
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        @for (page of pages; track page.path) {
          <li>
            <a
              class="fr-btn fr-btn--tertiary"
              [routerLink]="page.path"
              routerLinkActive="esms-current"
              [routerLinkActiveOptions]="{ exact: page.exact }"
              ariaCurrentWhenActive="page"
              >{{ page.label }}</a
            >
          </li>
        }
      </ul>
    </nav>
  `,
  styles: `
    .esms-current {
      font-weight: 700;
      text-decoration: underline;
      text-underline-offset: 0.3em;
      box-shadow: inset 0 0 0 2px var(--border-action-high-blue-france);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RisksNav {
  protected readonly pages = RISK_PAGES;
}
