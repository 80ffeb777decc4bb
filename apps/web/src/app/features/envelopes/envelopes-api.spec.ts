import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { EnvelopesApi } from './envelopes-api';
import {
  ALL_2024,
  CAMPAIGNS,
  REUNION_DETAIL,
  TRANSFER_CORSE_REUNION,
  envelopeList,
  transferResponse,
  transfersPage,
} from './testing/envelopes-fixtures';

describe('EnvelopesApi', () => {
  let api: EnvelopesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(EnvelopesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the campaigns', async () => {
    const answer = firstValueFrom(api.campaigns());
    const request = http.expectOne('/api/campaigns');
    expect(request.request.method).toBe('GET');
    request.flush(CAMPAIGNS);
    await expect(answer).resolves.toEqual(CAMPAIGNS);
  });

  it('lists the envelopes with only the filters given', async () => {
    const answer = firstValueFrom(api.list({ campaign: 2024, holder: 'ARS', line: 'PROJETS' }));
    const request = http.expectOne((candidate) => candidate.url === '/api/envelopes');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.toString()).toBe('campaign=2024&holder=ARS&line=PROJETS');
    request.flush(envelopeList(ALL_2024));
    await expect(answer).resolves.toEqual(envelopeList(ALL_2024));

    void firstValueFrom(api.list({ campaign: 2023 }));
    expect(http.expectOne('/api/envelopes?campaign=2023').request.params.keys()).toEqual(['campaign']);
  });

  it('reads one envelope, its id escaped', async () => {
    const answer = firstValueFrom(api.get(REUNION_DETAIL.id));
    http.expectOne(`/api/envelopes/${REUNION_DETAIL.id}`).flush(REUNION_DETAIL);
    await expect(answer).resolves.toEqual(REUNION_DETAIL);

    void firstValueFrom(api.get('../users'));
    http.expectOne('/api/envelopes/..%2Fusers').flush(REUNION_DETAIL);
  });

  it('reads the transfers of a campaign', async () => {
    const answer = firstValueFrom(api.transfers(2024));
    const request = http.expectOne('/api/envelopes/transfers?campaign=2024');
    expect(request.request.method).toBe('GET');
    request.flush(transfersPage([TRANSFER_CORSE_REUNION]));
    await expect(answer).resolves.toEqual(transfersPage([TRANSFER_CORSE_REUNION]));
  });

  it('posts an amendment in cents', async () => {
    const body = { deltaCents: -65_000_000, reason: 'Instruction 2025/100', decidedOn: '2025-09-02' };
    const answer = firstValueFrom(api.amend(REUNION_DETAIL.id, body));
    const request = http.expectOne(`/api/envelopes/${REUNION_DETAIL.id}/amendments`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual(body);
    request.flush(REUNION_DETAIL);
    await expect(answer).resolves.toEqual(REUNION_DETAIL);
  });

  it('posts a transfer', async () => {
    const body = {
      fromEnvelopeId: 'a',
      toEnvelopeId: 'b',
      amountCents: 72_000_000,
      reason: 'Sous-consommation',
      decidedOn: '2024-11-15',
    };
    const answer = firstValueFrom(api.transfer(body));
    const request = http.expectOne('/api/envelopes/transfers');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual(body);
    request.flush(transferResponse(72_000_000));
    await expect(answer).resolves.toEqual(transferResponse(72_000_000));
  });
});
