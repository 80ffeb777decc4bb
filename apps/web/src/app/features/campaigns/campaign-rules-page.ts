import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { NEVER } from 'rxjs';

import type { CampaignRulesResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { apiErrorBody } from '../../core/http/api-error';
import { NotFoundPage } from '../../core/not-found/not-found-page';
import { loadableFrom } from '../../shared/data/loadable';
import { formatShortDate } from '../../shared/format/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { CampaignSaved } from './campaign-saved';
import { CampaignThresholds } from './campaign-thresholds';
import { CampaignsApi } from './campaigns-api';
import { FundingRules } from './funding-rules';
import { MilestoneTypes } from './milestone-types';
import { UsageIndicators } from './usage-indicators';

const PHASE_LABELS: Readonly<Record<CampaignRulesResponse['phase'], string>> = {
  amorcage: "phase d'amorçage",
  generalisation: 'phase de généralisation',
};

/** `/referentiel/campagnes/2024` → 2024; null for anything that is not a year. */
export function campaignYearOf(value: string): number | null {
  return /^\d{4}$/.test(value) ? Number(value) : null;
}

/**
 * « Quelles règles pour la campagne 2024 ? » (`/referentiel/campagnes/:year`), opened from the référentiel's
 * « Campagnes » tab: instruction and thresholds, funding table, milestone catalogue, usage indicators. Every
 * signed-in user reads them; CNSA administrators edit each part in place. The rules share one version: each
 * save answers the rules with the new version, which the page keeps for the next save.
 */
@Component({
  selector: 'esms-campaign-rules-page',
  imports: [
    CampaignThresholds,
    ErrorState,
    FundingRules,
    LoadingStatus,
    MilestoneTypes,
    NotFoundPage,
    RouterLink,
    UsageIndicators,
  ],
  templateUrl: './campaign-rules-page.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignRulesPage {
  private readonly api = inject(CampaignsApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter `:year`. */
  readonly year = input.required<string>();
  protected readonly campaignYear = computed(() => campaignYearOf(this.year()));

  protected readonly loaded = loadableFrom(this.campaignYear, (year) =>
    year === null ? NEVER : this.api.rules(year),
  );
  /** The rules as last read or saved (a save answers them with the new version). */
  protected readonly rules = linkedSignal((): CampaignRulesResponse | null => {
    const state = this.loaded.state();
    return state.status === 'loaded' ? state.data : null;
  });

  protected readonly notFound = computed(() => {
    const state = this.loaded.state();
    return (
      this.campaignYear() === null ||
      (state.status === 'error' && apiErrorBody(state.error)?.statusCode === 404)
    );
  });

  protected readonly canEdit = computed(() => this.auth.user()?.role === 'CNSA_ADMIN');

  protected readonly heading = computed(
    () => `Quelles règles pour la campagne ${this.campaignYear() ?? ''} ?`,
  );
  protected readonly lead = computed(() => {
    const rules = this.rules();
    if (!rules) return '';
    return `${rules.label}, ${PHASE_LABELS[rules.phase]}. Dernière modification le ${formatShortDate(rules.updatedAt)}.`;
  });

  /** A part was saved: the page keeps the rules with their new version (the part says what it did). */
  protected saved(change: CampaignSaved): void {
    this.rules.set(change.rules);
  }

  /** « Recharger » after a conflict: the rules as they are now; the edit in progress is dropped. */
  protected reload(): void {
    this.loaded.reload();
    afterNextRender(() => this.host.nativeElement.focus(), { injector: this.injector });
  }
}
