import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Observable, firstValueFrom } from 'rxjs';

import type { CampaignRulesResponse } from '@esms/api-contract';

import { CampaignsApi } from './campaigns-api';
import { RULES_2024 } from './testing/campaigns-fixtures';

describe('CampaignsApi', () => {
  let api: CampaignsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(CampaignsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the rules of a campaign', async () => {
    const answer = firstValueFrom(api.rules(2024));
    const request = http.expectOne('/api/campaigns/2024/rules');
    expect(request.request.method).toBe('GET');
    request.flush(RULES_2024);
    await expect(answer).resolves.toEqual(RULES_2024);
  });

  const writes: [string, () => Observable<CampaignRulesResponse>, string, string, object][] = [
    [
      'update',
      () => api.update(2024, { version: 3, minEssmsMetropole: 20 }),
      'PATCH',
      '/api/campaigns/2024',
      { version: 3, minEssmsMetropole: 20 },
    ],
    [
      'replaceFundingRules',
      () =>
        api.replaceFundingRules(2024, {
          version: 3,
          rules: [
            {
              callType: 'regional',
              softwareSituation: 'acquisition',
              sector: 'TOUS',
              territory: 'tous',
              amountPerEssmsCents: 2_500_000,
            },
          ],
        }),
      'PUT',
      '/api/campaigns/2024/funding-rules',
      {
        version: 3,
        rules: [
          {
            callType: 'regional',
            softwareSituation: 'acquisition',
            sector: 'TOUS',
            territory: 'tous',
            amountPerEssmsCents: 2_500_000,
          },
        ],
      },
    ],
    [
      'replaceMilestoneTypes',
      () =>
        api.replaceMilestoneTypes(2024, {
          version: 3,
          types: [{ code: 'DUI_DEPLOYE', label: 'DUI déployé', defaultDelayDays: 365, importance: 3 }],
        }),
      'PUT',
      '/api/campaigns/2024/milestone-types',
      {
        version: 3,
        types: [{ code: 'DUI_DEPLOYE', label: 'DUI déployé', defaultDelayDays: 365, importance: 3 }],
      },
    ],
    [
      'replaceUsageIndicators',
      () =>
        api.replaceUsageIndicators(2024, {
          version: 3,
          indicators: [{ code: 'DUI_ACTIFS', label: 'DUI actifs', unit: '%', target: 12.5 }],
        }),
      'PUT',
      '/api/campaigns/2024/indicators',
      { version: 3, indicators: [{ code: 'DUI_ACTIFS', label: 'DUI actifs', unit: '%', target: 12.5 }] },
    ],
  ];

  it.each(writes)('%s() sends %s %s with the version', async (_name, call, method, url, body) => {
    const answer = firstValueFrom(call());
    const request = http.expectOne(url);
    expect(request.request.method).toBe(method);
    expect(request.request.body).toEqual(body);
    request.flush(RULES_2024);
    await expect(answer).resolves.toEqual(RULES_2024);
  });
});
