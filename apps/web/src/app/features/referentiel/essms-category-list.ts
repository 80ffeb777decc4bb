import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';

import { loadable } from '../../shared/data/loadable';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ReferentielApi } from './referentiel-api';

@Component({
  selector: 'esms-essms-category-list',
  imports: [DsfrTable, EmptyState, ErrorState, LoadingStatus],
  templateUrl: './essms-category-list.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EssmsCategoryList {
  private readonly api = inject(ReferentielApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly categories = loadable(() => this.api.essmsCategories());

  protected readonly summary = computed(() => {
    const state = this.categories.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.length;
    return count === 0
      ? "Aucune catégorie d'ESSMS enregistrée."
      : `${count} catégorie${count > 1 ? 's' : ''} d'ESSMS affichée${count > 1 ? 's' : ''}.`;
  });

  protected retry(): void {
    this.categories.reload();
    this.host.nativeElement.focus();
  }
}
