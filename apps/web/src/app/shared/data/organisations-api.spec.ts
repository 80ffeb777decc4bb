import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { OrganisationsApi } from './organisations-api';

describe('OrganisationsApi', () => {
  let api: OrganisationsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(OrganisationsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it.each([
    [
      'regions',
      '/api/regions',
      [{ code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'metropole', grades: [] }],
    ],
    [
      'grades',
      '/api/grades',
      [{ id: 17, code: 'GCS-TESIS', name: 'GCS TESIS', legalForm: null, regions: [] }],
    ],
  ] as const)('%s() reads GET %s', async (method, url, body) => {
    const answer = firstValueFrom<unknown>(api[method]());

    const request = http.expectOne(url);
    expect(request.request.method).toBe('GET');
    request.flush(body);

    await expect(answer).resolves.toEqual(body);
  });
});
