import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChildren,
} from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';

import { tabIndexForKey } from '../../shared/ui/tab-keys';
import { CampaignList } from './campaign-list';
import { EssmsCategoryList } from './essms-category-list';
import { ProgrammeTarget } from './programme-target';
import { RegionList } from './region-list';

/** Tabs of the page; the id is also the `onglet` query parameter, so that a tab can be linked to. */
export const REFERENTIEL_TABS = [
  { id: 'regions', label: 'Régions et ARS' },
  { id: 'categories', label: "Catégories d'ESSMS" },
  { id: 'campagnes', label: 'Campagnes' },
] as const;

export type ReferentielTabId = (typeof REFERENTIEL_TABS)[number]['id'];

const DEFAULT_TAB: ReferentielTabId = 'regions';

function toTabId(value: string | null | undefined): ReferentielTabId {
  return REFERENTIEL_TABS.find((tab) => tab.id === value)?.id ?? DEFAULT_TAB;
}

/**
 * « Qui pilote le programme dans chaque région ? » — the programme's reference data in three DSFR tabs.
 * Tabs follow the WAI-ARIA pattern (automatic activation): arrows move between tabs, Home and End go to the
 * first and last one, only the selected tab is in the Tab sequence.
 */
@Component({
  selector: 'esms-referentiel-page',
  imports: [CampaignList, EssmsCategoryList, ProgrammeTarget, RegionList],
  templateUrl: './referentiel-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReferentielPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly tabs = REFERENTIEL_TABS;
  /**
   * The tab opened first comes from `?onglet=campagnes` in the address; afterwards the page owns the choice and
   * only writes it to the address (reading the address back would let a late navigation undo a fast key press).
   */
  protected readonly selected = signal<ReferentielTabId>(toTabId(this.route.snapshot.queryParamMap.get('onglet')));
  protected readonly selectedIndex = computed(() => this.tabs.findIndex((tab) => tab.id === this.selected()));

  private readonly tabButtons = viewChildren<ElementRef<HTMLButtonElement>>('tabButton');

  protected select(id: ReferentielTabId): void {
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
