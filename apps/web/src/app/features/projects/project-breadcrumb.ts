import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

export interface BreadcrumbItem {
  readonly label: string;
  /** Null for the current page (the last item). */
  readonly link: readonly string[] | null;
}

let nextId = 0;

/**
 * DSFR breadcrumb without the DSFR script: under the `md` breakpoint the trail is folded behind « Voir le fil
 * d'Ariane », which unfolds it (the DSFR collapse, driven here by a signal).
 */
@Component({
  selector: 'esms-project-breadcrumb',
  imports: [RouterLink],
  template: `
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <button
        type="button"
        class="fr-breadcrumb__button"
        [attr.aria-expanded]="expanded()"
        [attr.aria-controls]="id"
        (click)="expanded.set(true)"
      >
        Voir le fil d’Ariane
      </button>
      <div class="fr-collapse" [class.fr-collapse--expanded]="expanded()" [id]="id">
        <ol class="fr-breadcrumb__list">
          @for (item of items(); track $index) {
            <li>
              @if (item.link; as link) {
                <a class="fr-breadcrumb__link" [routerLink]="link">{{ item.label }}</a>
              } @else {
                <a class="fr-breadcrumb__link" aria-current="page">{{ item.label }}</a>
              }
            </li>
          }
        </ol>
      </div>
    </nav>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProjectBreadcrumb {
  readonly items = input.required<readonly BreadcrumbItem[]>();

  protected readonly id = `fil-ariane-${++nextId}`;
  protected readonly expanded = signal(false);
}
