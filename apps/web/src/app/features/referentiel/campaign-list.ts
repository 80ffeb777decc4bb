import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';

import { RouterLink } from '@angular/router';

import type { CampaignResponse } from '@esms/api-contract';

import { loadable } from '../../shared/data/loadable';
import { formatInteger, formatLongDate, formatPercent } from '../../shared/format/format';
import { DsfrTable } from '../../shared/ui/dsfr-table';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingStatus } from '../../shared/ui/loading-status';
import { ReferentielApi } from './referentiel-api';

const PHASE_LABELS: Readonly<Record<CampaignResponse['phase'], string>> = {
  amorcage: 'Amorçage',
  generalisation: 'Généralisation',
};

export interface CampaignRow {
  readonly year: number;
  readonly phase: string;
  /** Reference of the instruction, « Non renseignée » when the campaign has none yet. */
  readonly instruction: string;
  /** « du 8 février 2022 », or null. */
  readonly instructionDate: string | null;
  /** « modifiée par DNS/DGCS/CNSA/2025/100 », or null. */
  readonly amendment: string | null;
  readonly minMetropole: string;
  readonly minReduced: string;
  /** « et au moins 3 organismes gestionnaires » (seed phase), or null. */
  readonly minOrganisations: string | null;
  readonly nationalCall: string;
  readonly tranche1: string;
}

function essms(count: number): string {
  return `${formatInteger(count)} ESSMS`;
}

function nationalCall(campaign: CampaignResponse): string {
  if (campaign.nationalCallMinEssms !== null) return `À partir de ${essms(campaign.nationalCallMinEssms)}`;
  if (campaign.regionalCallMaxEssms !== null) {
    return `Aucun (appel régional jusqu'à ${essms(campaign.regionalCallMaxEssms)})`;
  }
  return 'Aucun';
}

export function toCampaignRow(campaign: CampaignResponse): CampaignRow {
  return {
    year: campaign.year,
    phase: PHASE_LABELS[campaign.phase],
    instruction: campaign.instructionReference ?? 'Non renseignée',
    instructionDate: campaign.instructionDate ? `du ${formatLongDate(campaign.instructionDate)}` : null,
    amendment: campaign.amendedBy ? `modifiée par ${campaign.amendedBy}` : null,
    minMetropole: essms(campaign.minEssmsMetropole),
    minReduced: essms(campaign.minEssmsReduced),
    minOrganisations:
      campaign.minOrganisations === null
        ? null
        : `et au moins ${formatInteger(campaign.minOrganisations)} organisme${campaign.minOrganisations > 1 ? 's' : ''} gestionnaire${campaign.minOrganisations > 1 ? 's' : ''}`,
    nationalCall: nationalCall(campaign),
    tranche1: formatPercent(campaign.tranche1Percent),
  };
}

@Component({
  selector: 'esms-campaign-list',
  imports: [DsfrTable, EmptyState, ErrorState, LoadingStatus, RouterLink],
  templateUrl: './campaign-list.html',
  host: { tabindex: '-1' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignList {
  private readonly api = inject(ReferentielApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly campaigns = loadable(() => this.api.campaigns());

  protected readonly rows = computed(() => {
    const state = this.campaigns.state();
    return state.status === 'loaded' ? state.data.map(toCampaignRow) : [];
  });

  protected readonly summary = computed(() => {
    const state = this.campaigns.state();
    if (state.status !== 'loaded') return '';
    const count = state.data.length;
    return count === 0
      ? 'Aucune campagne enregistrée.'
      : `${count} campagne${count > 1 ? 's' : ''} affichée${count > 1 ? 's' : ''}.`;
  });

  protected retry(): void {
    this.campaigns.reload();
    this.host.nativeElement.focus();
  }
}
