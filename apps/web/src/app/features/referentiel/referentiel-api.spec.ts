import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { ReferentielApi } from './referentiel-api';
import { CAMPAIGNS, ESSMS_CATEGORIES } from './testing/referentiel-fixtures';

describe('ReferentielApi', () => {
  let api: ReferentielApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ReferentielApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it.each([
    ['essmsCategories', '/api/essms-categories', ESSMS_CATEGORIES],
    ['campaigns', '/api/campaigns', CAMPAIGNS],
  ] as const)('%s() reads GET %s', async (method, url, body) => {
    const answer = firstValueFrom<unknown>(api[method]());

    const request = http.expectOne(url);
    expect(request.request.method).toBe('GET');
    request.flush(body);

    await expect(answer).resolves.toEqual(body);
  });
});
