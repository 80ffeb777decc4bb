import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { ProjectsApi } from './projects-api';
import { page, projectDetail, projectSummary } from './testing/projects-fixtures';

describe('ProjectsApi', () => {
  let api: ProjectsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ProjectsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function params(request: { request: { params: { keys(): string[]; get(key: string): string | null } } }) {
    const query = request.request.params;
    return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
  }

  it('lists projects with only the filters that are set', async () => {
    const answer = firstValueFrom(
      api.list({
        q: 'morlaix',
        campaign: 2025,
        region: null,
        status: 'RETENU',
        callType: 'regional',
        late: true,
        sort: '-grantedCents',
        page: 2,
        pageSize: 25,
      }),
    );

    const request = http.expectOne((candidate) => candidate.url === '/api/projects');
    expect(request.request.method).toBe('GET');
    expect(params(request)).toEqual({
      page: '2',
      pageSize: '25',
      q: 'morlaix',
      campaign: '2025',
      status: 'RETENU',
      callType: 'regional',
      late: 'true',
      sort: '-grantedCents',
    });
    request.flush(page([projectSummary()]));
    await expect(answer).resolves.toMatchObject({ total: 1 });
  });

  it('sends no filter for an unfiltered first page', () => {
    void firstValueFrom(
      api.list({
        q: '',
        campaign: null,
        region: null,
        status: null,
        callType: null,
        late: false,
        sort: null,
        page: 1,
        pageSize: 25,
      }),
    );
    const request = http.expectOne((candidate) => candidate.url === '/api/projects');
    expect(params(request)).toEqual({ page: '1', pageSize: '25' });
    request.flush(page([]));
  });

  it('reads, creates, edits and moves a project, the id escaped in the address', async () => {
    const detail = projectDetail();
    const read = firstValueFrom(api.get('a/b'));
    http.expectOne('/api/projects/a%2Fb').flush(detail);
    await expect(read).resolves.toEqual(detail);

    void firstValueFrom(
      api.create({
        name: 'Grappe',
        campaignYear: 2025,
        regionCode: '53',
        porteurOgId: 'og',
        members: [{ essmsId: 'e1', softwareSituation: 'acquisition' }],
        requestedCents: 100,
      }),
    );
    const create = http.expectOne({ method: 'POST', url: '/api/projects' });
    expect(create.request.body).toMatchObject({ name: 'Grappe', requestedCents: 100 });
    create.flush(detail);

    void firstValueFrom(api.update(detail.id, { version: 4, name: 'Nouveau nom' }));
    const update = http.expectOne({ method: 'PATCH', url: `/api/projects/${detail.id}` });
    expect(update.request.body).toEqual({ version: 4, name: 'Nouveau nom' });
    update.flush(detail);

    void firstValueFrom(api.transition(detail.id, { to: 'RETENU', version: 4, decidedOn: '2026-11-20' }));
    const transition = http.expectOne({ method: 'POST', url: `/api/projects/${detail.id}/transitions` });
    expect(transition.request.body).toEqual({ to: 'RETENU', version: 4, decidedOn: '2026-11-20' });
    transition.flush(detail);
  });

  it('declares a milestone as multipart: version, comment, indicator values as JSON, one part per file', () => {
    const pdf = new File(['%PDF-1.4'], 'procès-verbal.pdf', { type: 'application/pdf' });
    const csv = new File(['a;b'], 'indicateurs.csv', { type: 'text/csv' });

    void firstValueFrom(
      api.declareMilestone('m-1', {
        version: 7,
        comment: 'DUI déployé dans les 15 ESSMS.',
        indicatorValues: { DUI_ACTIFS: 100 },
        files: [pdf, csv],
      }),
    );

    const request = http.expectOne({ method: 'POST', url: '/api/milestones/m-1/declaration' });
    const body = request.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(body.get('version')).toBe('7');
    expect(body.get('comment')).toBe('DUI déployé dans les 15 ESSMS.');
    expect(body.get('indicatorValues')).toBe('{"DUI_ACTIFS":100}');
    expect(body.getAll('files').map((file) => (file as File).name)).toEqual([
      'procès-verbal.pdf',
      'indicateurs.csv',
    ]);
    request.flush({});
  });

  it('leaves indicator values out of a declaration that has none', () => {
    void firstValueFrom(
      api.declareMilestone('m-1', { version: 1, comment: 'Fait.', indicatorValues: {}, files: [] }),
    );
    const body = http.expectOne('/api/milestones/m-1/declaration').request.body as FormData;
    expect(body.has('indicatorValues')).toBe(false);
    expect(body.getAll('files')).toEqual([]);
  });

  it('validates, rejects, records a payment and writes a comment with the version read', () => {
    void firstValueFrom(api.validateMilestone('m-1', { version: 2, level: 'CNSA' }));
    expect(http.expectOne({ method: 'POST', url: '/api/milestones/m-1/validation' }).request.body).toEqual({
      version: 2,
      level: 'CNSA',
    });
    void firstValueFrom(api.rejectMilestone('m-1', { version: 2, comment: 'Pièce illisible.' }));
    expect(http.expectOne({ method: 'POST', url: '/api/milestones/m-1/rejection' }).request.body).toEqual({
      version: 2,
      comment: 'Pièce illisible.',
    });
    void firstValueFrom(api.markPaymentPaid('p-1', { version: 1, paidOn: '2026-03-14', reference: 'CDC-1' }));
    expect(http.expectOne({ method: 'POST', url: '/api/payments/p-1/paid' }).request.body).toEqual({
      version: 1,
      paidOn: '2026-03-14',
      reference: 'CDC-1',
    });
    void firstValueFrom(api.addComment('pr-1', { body: 'Vu.', visibility: 'CNSA' }));
    expect(http.expectOne({ method: 'POST', url: '/api/projects/pr-1/comments' }).request.body).toEqual({
      body: 'Vu.',
      visibility: 'CNSA',
    });
  });

  it('pages comments and history', () => {
    void firstValueFrom(api.comments('pr-1', 2, 20));
    const comments = http.expectOne((candidate) => candidate.url === '/api/projects/pr-1/comments');
    expect(params(comments)).toEqual({ page: '2', pageSize: '20' });
    void firstValueFrom(api.history('pr-1', 1, 30));
    const history = http.expectOne((candidate) => candidate.url === '/api/projects/pr-1/history');
    expect(params(history)).toEqual({ page: '1', pageSize: '30' });
  });

  it('gives the download address of an evidence file', () => {
    expect(api.evidenceUrl('m-1', 'e-1')).toBe('/api/milestones/m-1/evidence/e-1');
  });

  it('looks up campaigns, rules, DUI software, porteurs and ESSMS of a region', () => {
    void firstValueFrom(api.campaigns());
    http.expectOne('/api/campaigns');
    void firstValueFrom(api.campaignRules(2025));
    http.expectOne('/api/campaigns/2025/rules');
    void firstValueFrom(api.duiSoftware());
    expect(params(http.expectOne((candidate) => candidate.url === '/api/dui-software'))).toEqual({
      pageSize: '200',
    });
    void firstValueFrom(api.gestionnaires('ccas', '53'));
    expect(params(http.expectOne((candidate) => candidate.url === '/api/gestionnaires'))).toEqual({
      q: 'ccas',
      region: '53',
      pageSize: '10',
    });
    void firstValueFrom(api.essms('2903', '53'));
    expect(params(http.expectOne((candidate) => candidate.url === '/api/essms'))).toEqual({
      q: '2903',
      region: '53',
      pageSize: '20',
    });
  });
});
