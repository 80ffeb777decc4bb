import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, convertToParamMap } from '@angular/router';

import {
  RISK_STATUSES,
  RISK_STATUS_LABELS,
  type CampaignResponse,
  type RegionResponse,
} from '@esms/api-contract';

import { LEVEL_CHOICES, type RiskFilters, readRiskFilters, riskQueryParams } from './risk-filters';

let nextId = 0;

/**
 * The filters above a « Risques » page — campagne, région (national roles), and as the page needs: niveau, statut,
 * recherche. Applied to the address, so that a view can be shared; the page reads them back from there.
 */
@Component({
  selector: 'esms-risk-filters',
  imports: [ReactiveFormsModule],
  template: `
    <form class="fr-mb-4w" role="search" [attr.aria-label]="label()" [formGroup]="form" (ngSubmit)="apply()">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
          <div class="fr-select-group fr-mb-0">
            <label class="fr-label" [for]="id + '-campagne'">Campagne</label>
            <select class="fr-select" [id]="id + '-campagne'" formControlName="campaign">
              <option value="">{{ campaignPlaceholder() }}</option>
              @for (campaign of campaigns(); track campaign.year) {
                <option [value]="'' + campaign.year">{{ campaign.label }}</option>
              }
            </select>
          </div>
        </div>
        @if (national()) {
          <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
            <div class="fr-select-group fr-mb-0">
              <label class="fr-label" [for]="id + '-region'">Région</label>
              <select class="fr-select" [id]="id + '-region'" formControlName="region">
                <option value="">Toutes les régions</option>
                @for (region of regions(); track region.code) {
                  <option [value]="region.code">{{ region.name }}</option>
                }
              </select>
            </div>
          </div>
        }
        @if (withLevel()) {
          <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
            <div class="fr-select-group fr-mb-0">
              <label class="fr-label" [for]="id + '-niveau'">Niveau de risque</label>
              <select class="fr-select" [id]="id + '-niveau'" formControlName="level">
                <option value="">Tous les niveaux</option>
                @for (choice of levelChoices; track choice.value) {
                  <option [value]="choice.value">{{ choice.label }}</option>
                }
              </select>
            </div>
          </div>
        }
        @if (withStatus()) {
          <div class="fr-col-12 fr-col-sm-6 fr-col-md-3">
            <div class="fr-select-group fr-mb-0">
              <label class="fr-label" [for]="id + '-statut'">Statut</label>
              <select class="fr-select" [id]="id + '-statut'" formControlName="status">
                <option value="">Ouverts ou en traitement</option>
                @for (status of statuses; track status.value) {
                  <option [value]="status.value">{{ status.label }}</option>
                }
              </select>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <div class="fr-input-group fr-mb-0">
              <label class="fr-label" [for]="id + '-q'">
                Titre, description ou responsable
                <span class="fr-hint-text">Une partie suffit, par exemple « éditeur ».</span>
              </label>
              <input class="fr-input" [id]="id + '-q'" type="search" maxlength="100" formControlName="q" />
            </div>
          </div>
        }
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
export class RiskFiltersForm {
  private readonly router = inject(Router);

  readonly filters = input.required<RiskFilters>();
  readonly campaigns = input<readonly CampaignResponse[]>([]);
  readonly regions = input<readonly RegionResponse[]>([]);
  /** CNSA roles choose a region; ARS and GRADeS users are scoped by the API. */
  readonly national = input(false);
  readonly withLevel = input(false);
  readonly withStatus = input(false);
  /** Names the search landmark: « Filtres des projets à risque ». */
  readonly label = input('Filtres');
  readonly campaignPlaceholder = input('Toutes les campagnes');

  protected readonly id = `filtres-risques-${++nextId}`;
  protected readonly levelChoices = LEVEL_CHOICES;
  protected readonly statuses = RISK_STATUSES.map((value) => ({ value, label: RISK_STATUS_LABELS[value] }));

  protected readonly form = new FormGroup({
    campaign: new FormControl('', { nonNullable: true }),
    region: new FormControl('', { nonNullable: true }),
    level: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
    q: new FormControl('', { nonNullable: true }),
  });

  protected readonly filtered = computed(() => {
    const { campaign, region, levels, statuses, q, probability, impact } = this.filters();
    return (
      campaign !== null ||
      region !== null ||
      levels.length > 0 ||
      statuses.length > 0 ||
      q !== '' ||
      probability !== null ||
      impact !== null
    );
  });

  constructor() {
    // The form shows what the address says (after « Précédent », a shared link…).
    effect(() => {
      const filters = this.filters();
      this.form.setValue({
        campaign: filters.campaign === null ? '' : String(filters.campaign),
        region: filters.region ?? '',
        level: filters.levels.join(','),
        status: filters.statuses.join(','),
        q: filters.q,
      });
    });
  }

  protected apply(): void {
    const { campaign, region, level, status, q } = this.form.getRawValue();
    const current = this.filters();
    const read = readRiskFilters(
      convertToParamMap({ campagne: campaign, region, niveau: level, statut: status, q }),
    );
    void this.router.navigate([], {
      queryParams: riskQueryParams({
        ...read,
        region: this.national() ? read.region : null,
        // The heat map's cell stays chosen; the page and the chosen project start again.
        probability: current.probability,
        impact: current.impact,
      }),
    });
  }

  protected reset(): void {
    void this.router.navigate([], { queryParams: {} });
  }
}
