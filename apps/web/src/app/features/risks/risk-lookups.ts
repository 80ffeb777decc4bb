import { computed, inject } from '@angular/core';
import { of } from 'rxjs';

import { hasNationalScope } from '@esms/domain';

import { AuthStore } from '../../core/auth/auth-store';
import { loadable } from '../../shared/data/loadable';
import { RisksApi } from './risks-api';

/**
 * What the filters of the « Risques » pages offer: the campaigns, and the regions for national roles (ARS and
 * GRADeS users only ever see their regions: the API scopes them). Call in an injection context.
 */
export function riskLookups(withCampaigns = true) {
  const api = inject(RisksApi);
  const user = inject(AuthStore).user();
  const national = hasNationalScope(user?.role ?? 'ARS_OFFICER');
  const campaignList = loadable(() => (withCampaigns ? api.campaigns() : of([])));
  const regionList = loadable(() => (national ? api.regions() : of([])));
  return {
    national,
    campaigns: computed(() => {
      const state = campaignList.state();
      return state.status === 'loaded' ? state.data : [];
    }),
    regions: computed(() => {
      const state = regionList.state();
      return state.status === 'loaded' ? state.data : [];
    }),
  };
}
