import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/**
 * Pages to show: the first and the last, the current one and its neighbours; null stands for « … ».
 * `pageItems(5, 10)` → [1, null, 4, 5, 6, null, 10].
 */
export function pageItems(page: number, pageCount: number): (number | null)[] {
  const shown = new Set([1, pageCount, page - 1, page, page + 1]);
  const items: (number | null)[] = [];
  for (let candidate = 1; candidate <= pageCount; candidate++) {
    if (!shown.has(candidate)) continue;
    const previous = items[items.length - 1];
    if (typeof previous === 'number' && candidate > previous + 1) items.push(null);
    items.push(candidate);
  }
  return items;
}

/**
 * DSFR pagination whose links change the `page` query parameter of the current address (the other
 * parameters stay); page 1 is the address without `page`.
 */
@Component({
  selector: 'esms-pagination',
  imports: [RouterLink],
  template: `
    <nav role="navigation" class="fr-pagination" [attr.aria-label]="label()">
      <ul class="fr-pagination__list">
        <li>
          @if (page() > 1) {
            <a
              class="fr-pagination__link fr-pagination__link--first"
              [routerLink]="[]"
              [queryParams]="{ page: null }"
              queryParamsHandling="merge"
              >Première page</a
            >
          } @else {
            <a class="fr-pagination__link fr-pagination__link--first" role="link" aria-disabled="true"
              >Première page</a
            >
          }
        </li>
        <li>
          @if (page() > 1) {
            <a
              class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
              [routerLink]="[]"
              [queryParams]="{ page: page() - 1 === 1 ? null : page() - 1 }"
              queryParamsHandling="merge"
              >Page précédente</a
            >
          } @else {
            <a
              class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
              role="link"
              aria-disabled="true"
              >Page précédente</a
            >
          }
        </li>
        @for (item of items(); track $index) {
          <li>
            @if (item === null) {
              <span class="fr-pagination__link fr-displayed-lg" aria-hidden="true">…</span>
            } @else if (item === page()) {
              <a class="fr-pagination__link" aria-current="page" [title]="'Page ' + item">{{ item }}</a>
            } @else {
              <a
                class="fr-pagination__link"
                [routerLink]="[]"
                [queryParams]="{ page: item === 1 ? null : item }"
                queryParamsHandling="merge"
                [title]="'Page ' + item"
                >{{ item }}</a
              >
            }
          </li>
        }
        <li>
          @if (page() < pageCount()) {
            <a
              class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
              [routerLink]="[]"
              [queryParams]="{ page: page() + 1 }"
              queryParamsHandling="merge"
              >Page suivante</a
            >
          } @else {
            <a
              class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
              role="link"
              aria-disabled="true"
              >Page suivante</a
            >
          }
        </li>
        <li>
          @if (page() < pageCount()) {
            <a
              class="fr-pagination__link fr-pagination__link--last"
              [routerLink]="[]"
              [queryParams]="{ page: pageCount() }"
              queryParamsHandling="merge"
              >Dernière page</a
            >
          } @else {
            <a class="fr-pagination__link fr-pagination__link--last" role="link" aria-disabled="true"
              >Dernière page</a
            >
          }
        </li>
      </ul>
    </nav>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Pagination {
  readonly page = input.required<number>();
  readonly pageCount = input.required<number>();
  /** Names the navigation landmark: « Pagination des comptes ». */
  readonly label = input('Pagination');

  protected readonly items = computed(() => pageItems(this.page(), this.pageCount()));
}
