import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';

import type { RegionResponse } from '@esms/api-contract';
import { TERRITORY_LABELS } from '@esms/domain';

import { loadable } from '../../shared/data/loadable';
import { OrganisationsApi } from '../../shared/data/organisations-api';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';

export interface RegionRow {
  readonly code: string;
  readonly name: string;
  readonly arsName: string;
  readonly territory: string;
  /** « GCS TESIS (commun avec Mayotte) » when the GRADeS also serves other regions. */
  readonly grades: readonly { readonly id: number; readonly label: string }[];
}

/**
 * Table rows for the regions. A GRADeS may serve several regions (GCS TESIS serves La Réunion and
 * Mayotte): each mention names the other regions it serves.
 */
export function toRegionRows(regions: readonly RegionResponse[]): RegionRow[] {
  const regionsByGrades = new Map<number, string[]>();
  for (const region of regions) {
    for (const grades of region.grades) {
      regionsByGrades.set(grades.id, [...(regionsByGrades.get(grades.id) ?? []), region.name]);
    }
  }
  return regions.map((region) => ({
    code: region.code,
    name: region.name,
    arsName: region.arsName,
    territory: TERRITORY_LABELS[region.territory],
    grades: region.grades.map((grades) => {
      const others = (regionsByGrades.get(grades.id) ?? []).filter((name) => name !== region.name);
      return {
        id: grades.id,
        label: others.length ? `${grades.name} (commun avec ${others.join(', ')})` : grades.name,
      };
    }),
  }));
}

@Component({
  selector: 'esms-region-list',
  imports: [DsfrTable, EmptyState, ErrorState, LoadingStatus],
  templateUrl: './region-list.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegionList {
  private readonly api = inject(OrganisationsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly regions = loadable(() => this.api.regions());

  protected readonly rows = computed(() => {
    const state = this.regions.state();
    return state.status === 'loaded' ? toRegionRows(state.data) : [];
  });

  protected readonly summary = computed(() => {
    const state = this.regions.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.length;
    return count === 0
      ? 'Aucune région enregistrée.'
      : `${count} région${count > 1 ? 's' : ''} affichée${count > 1 ? 's' : ''}.`;
  });

  /** The retry button disappears while loading: focus goes to the list so keyboard users keep their place. */
  protected retry(): void {
    this.regions.reload();
    this.host.nativeElement.focus();
  }
}
