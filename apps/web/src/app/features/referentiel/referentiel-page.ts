import { ChangeDetectionStrategy, Component } from '@angular/core';

import { TabPanel, Tabs } from '../../shared/ui/tabs';
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

/**
 * « Qui pilote le programme dans chaque région ? » — the programme's reference data in three DSFR tabs.
 * The tab opened first is the one named in the address (`?onglet=campagnes`).
 */
@Component({
  selector: 'esms-referentiel-page',
  imports: [CampaignList, EssmsCategoryList, ProgrammeTarget, RegionList, TabPanel, Tabs],
  templateUrl: './referentiel-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReferentielPage {
  protected readonly tabs = REFERENTIEL_TABS;
}
