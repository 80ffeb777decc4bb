import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { type Params, Router, convertToParamMap } from '@angular/router';

import type { CampaignResponse, DashboardFilters } from '@esms/api-contract';
import { CALL_TYPE_LABELS, ESSMS_SECTORS, SECTOR_LABELS } from '@esms/domain';

import { dashboardQueryParams, hasDashboardFilters, readDashboardFilters } from './dashboard-model';

/** The filters' query parameters, each removed (merged as null). */
const NO_FILTERS: Params = { campagne: null, appel: null, secteur: null };

/**
 * Campagne, type d'appel, secteur: applied to the address (`?campagne=2024&appel=regional&secteur=PH`), so that a
 * view can be shared; the page reads them back from there.
 */
@Component({
  selector: 'esms-dashboard-filters',
  imports: [ReactiveFormsModule],
  template: `
    <form class="fr-mb-4w" aria-label="Filtres du tableau de bord" [formGroup]="form" (ngSubmit)="apply()">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-md-3">
          <div class="fr-select-group fr-mb-0">
            <label class="fr-label" for="filtre-campagne">Campagne</label>
            <select class="fr-select" id="filtre-campagne" formControlName="campaign">
              <option value="">Toutes les campagnes</option>
              @for (campaign of campaigns(); track campaign.year) {
                <option [value]="'' + campaign.year">{{ campaign.label }}</option>
              }
            </select>
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <div class="fr-select-group fr-mb-0">
            <label class="fr-label" for="filtre-appel">Type d’appel</label>
            <select class="fr-select" id="filtre-appel" formControlName="callType">
              <option value="">Tous les appels</option>
              @for (option of callTypes; track option.value) {
                <option [value]="option.value">{{ option.label }}</option>
              }
            </select>
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <div class="fr-select-group fr-mb-0">
            <label class="fr-label" for="filtre-secteur">Secteur</label>
            <select class="fr-select" id="filtre-secteur" formControlName="sector">
              <option value="">Tous les secteurs</option>
              @for (option of sectors; track option.value) {
                <option [value]="option.value">{{ option.label }}</option>
              }
            </select>
          </div>
        </div>
        <div class="fr-col-12 fr-col-md-3">
          <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mb-0">
            <li><button type="submit" class="fr-btn">Filtrer</button></li>
            @if (filtered()) {
              <li>
                <button type="button" class="fr-btn fr-btn--tertiary" (click)="reset()">
                  Effacer les filtres
                </button>
              </li>
            }
          </ul>
        </div>
      </div>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardFiltersForm {
  private readonly router = inject(Router);

  readonly filters = input.required<DashboardFilters>();
  readonly campaigns = input<readonly CampaignResponse[]>([]);

  protected readonly callTypes = (['regional', 'national'] as const).map((value) => ({
    value,
    label: CALL_TYPE_LABELS[value],
  }));
  protected readonly sectors = ESSMS_SECTORS.map((value) => ({ value, label: SECTOR_LABELS[value] }));

  protected readonly form = new FormGroup({
    campaign: new FormControl('', { nonNullable: true }),
    callType: new FormControl('', { nonNullable: true }),
    sector: new FormControl('', { nonNullable: true }),
  });

  protected filtered(): boolean {
    return hasDashboardFilters(this.filters());
  }

  constructor() {
    // The form shows what the address says (after « Précédent », a shared link…).
    effect(() => {
      const filters = this.filters();
      this.form.setValue({
        campaign: filters.campaign === null ? '' : String(filters.campaign),
        callType: filters.callType ?? '',
        sector: filters.sector ?? '',
      });
    });
  }

  protected apply(): void {
    const { campaign, callType, sector } = this.form.getRawValue();
    const filters = readDashboardFilters(
      convertToParamMap({ campagne: campaign, appel: callType, secteur: sector }),
    );
    // Merged: the other choices of the address (the map's indicator) stay; a filter left empty is removed.
    void this.router.navigate([], { queryParams: { ...NO_FILTERS, ...dashboardQueryParams(filters) }, queryParamsHandling: 'merge' });
  }

  protected reset(): void {
    void this.router.navigate([], { queryParams: NO_FILTERS, queryParamsHandling: 'merge' });
  }
}
