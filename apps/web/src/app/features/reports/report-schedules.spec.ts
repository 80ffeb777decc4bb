import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import type {
  CurrentUserResponse,
  RegionResponse,
  ReportScheduleListResponse,
  ReportScheduleResponse,
  ReportScheduleRunResponse,
} from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST, answerSession } from '../../core/auth/testing/auth-fixtures';
import { tableRows, textOf } from '../../shared/testing/dom';
import { ReportSchedules, formatDateTime } from './report-schedules';

const REGIONS: RegionResponse[] = [
  { code: '53', name: 'Bretagne', arsName: 'ARS Bretagne', territory: 'METROPOLE', grades: [] },
  { code: '76', name: 'Occitanie', arsName: 'ARS Occitanie', territory: 'METROPOLE', grades: [] },
] as unknown as RegionResponse[];

const RUN: ReportScheduleRunResponse = {
  id: 'run-1',
  scheduleId: 'sched-1',
  trigger: 'PLANIFIE',
  status: 'PARTIEL',
  asOf: '2026-12-01',
  dueAt: '2026-12-01T06:00:00.000Z',
  createdAt: '2026-12-01T06:00:01.000Z',
  startedAt: '2026-12-01T06:00:02.000Z',
  finishedAt: '2026-12-01T06:01:00.000Z',
  results: [
    { regionCode: '53', regionName: 'Bretagne', status: 'ENVOYE', snapshotIds: ['s1'], recipients: 2, attached: true },
    { regionCode: '76', regionName: 'Occitanie', status: 'ECHEC', snapshotIds: [], recipients: 0, attached: false, error: 'Échec pour Occitanie : serveur SMTP injoignable' },
  ],
  error: null,
};

const MONTHLY: ReportScheduleResponse = {
  id: 'sched-1',
  name: 'Rapport mensuel des ARS',
  frequency: 'MENSUEL',
  dayOfMonth: 1,
  dayOfWeek: null,
  hour: 7,
  formats: ['xlsx', 'pdf'],
  regionCodes: ['53', '76'],
  active: true,
  nextRunAt: '2027-01-01T06:00:00.000Z',
  description: 'Le 1er de chaque mois à 7 h (heure de Paris)',
  version: 3,
  updatedAt: '2026-12-01T06:00:00.000Z',
  lastRun: RUN,
};

const list = (items: ReportScheduleResponse[]): ReportScheduleListResponse => ({ items, total: items.length, page: 1, pageSize: items.length });

describe('ReportSchedules (« Envois planifiés aux ARS »)', () => {
  let fixture: ComponentFixture<ReportSchedules>;
  let http: HttpTestingController;
  let root: HTMLElement;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(user: CurrentUserResponse, items: ReportScheduleResponse[] = [MONTHLY]): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, user);
    await loaded;
    fixture = TestBed.createComponent(ReportSchedules);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/reports/schedules').flush(list(items));
    http.expectOne('/api/regions').flush(REGIONS);
    await settle();
  }

  function button(label: string | RegExp): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((candidate) =>
      typeof label === 'string' ? textOf(candidate) === label : label.test(textOf(candidate)),
    );
    if (!found) throw new Error(`Pas de bouton « ${String(label)} »`);
    return found;
  }

  const byId = <T extends HTMLElement>(id: string): T => root.querySelector<T>(`#${id}`)!;

  afterEach(() => http.verify());

  it('lists the schedules with their rhythm, formats, ARS, next sending (Paris time) and last run in words', async () => {
    await open(CNSA_ANALYST);
    expect(tableRows(root)[0]).toEqual([
      'Rapport mensuel des ARS',
      'Le 1er de chaque mois à 7 h (heure de Paris)',
      'Excel (XLSX), PDF',
      'ARS Bretagne, ARS Occitanie',
      '01/01/2027 à 07:00',
      'Partiel01/12/2026 à 07:00', // badge, line break, date
      'Historique des envois de « Rapport mensuel des ARS »',
    ]);
    // Analysts read: no button that changes anything.
    expect(root.textContent).not.toContain('Nouvelle planification');
    expect(root.textContent).not.toContain('Lancer maintenant');
  });

  it('shows the history of a schedule with the result of each ARS', async () => {
    await open(CNSA_ANALYST);
    button(/^Historique/).click();
    await settle();
    http.expectOne('/api/reports/schedules/sched-1/runs?page=1&pageSize=10').flush({ items: [RUN], total: 1, page: 1, pageSize: 10 });
    await settle();
    const history = root.querySelector('[aria-labelledby="envois-historique-titre"]')!;
    expect(tableRows(history)[0]).toEqual([
      'Planifié',
      '01/12/2026',
      'Partiel',
      '01/12/2026 à 07:00',
      '01/12/2026 à 07:01',
      'Bretagne : envoyé à 2 destinataires (fichiers joints)Occitanie : échec — Échec pour Occitanie : serveur SMTP injoignable',
    ]);
  });

  it('says why the list is empty, and what an administrator can do', async () => {
    await open(CNSA_ADMIN, []);
    expect(textOf(root.querySelector('.fr-alert--info'))).toContain('Créez une planification');
  });

  it('creates a schedule (CNSA administrator) with the chosen rhythm, formats and ARS', async () => {
    await open(CNSA_ADMIN, []);
    button('Nouvelle planification').click();
    await settle();
    const name = byId<HTMLInputElement>('planification-nom');
    name.value = 'Point hebdomadaire';
    name.dispatchEvent(new Event('input'));
    byId<HTMLInputElement>('planification-hebdomadaire').click();
    await settle();
    const day = byId<HTMLSelectElement>('planification-jour-semaine');
    day.value = '5';
    day.dispatchEvent(new Event('change'));
    byId<HTMLInputElement>('planification-format-ods').click();
    byId<HTMLInputElement>('planification-certaines-ars').click();
    await settle();
    byId<HTMLInputElement>('planification-region-76').click();
    await settle();
    button('Créer la planification').click();
    await settle();
    const request = http.expectOne({ method: 'POST', url: '/api/reports/schedules' });
    expect(request.request.body).toEqual({
      name: 'Point hebdomadaire',
      frequency: 'HEBDOMADAIRE',
      dayOfMonth: null,
      dayOfWeek: 5,
      hour: 7,
      formats: ['xlsx', 'ods', 'pdf'],
      regionCodes: ['76'],
      active: true,
    });
    request.flush({ ...MONTHLY, id: 'sched-2', name: 'Point hebdomadaire', lastRun: null });
    await settle();
    http.expectOne('/api/reports/schedules').flush(list([MONTHLY]));
    await settle();
    expect(textOf(root.querySelector('.fr-alert--success'))).toBe(
      'Planification « Point hebdomadaire » créée. Prochain envoi le 01/01/2027 à 07:00.',
    );
  });

  it('shows the API’s refusal next to the field at fault', async () => {
    await open(CNSA_ADMIN);
    button(/^Modifier/).click();
    await settle();
    expect(byId<HTMLInputElement>('planification-nom').value).toBe('Rapport mensuel des ARS');
    button('Enregistrer les modifications').click();
    await settle();
    const request = http.expectOne({ method: 'PATCH', url: '/api/reports/schedules/sched-1' });
    expect(request.request.body).toMatchObject({ version: 3, regionCodes: ['53', '76'], dayOfMonth: 1 });
    request.flush(
      { statusCode: 409, code: 'CONFLICT', message: "Une planification s'appelle déjà « Rapport mensuel des ARS » : choisissez un autre nom.", field: 'name' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(byId('planification-nom').getAttribute('aria-invalid')).toBe('true');
    expect(textOf(byId('planification-nom-messages'))).toContain('choisissez un autre nom');
  });

  it('checks the form before sending: a name and at least one format', async () => {
    await open(CNSA_ADMIN, []);
    button('Nouvelle planification').click();
    await settle();
    byId<HTMLInputElement>('planification-format-xlsx').click();
    byId<HTMLInputElement>('planification-format-pdf').click();
    button('Créer la planification').click();
    await settle();
    expect(textOf(byId('planification-nom-messages'))).toBe('Le nom est obligatoire (texte de 3 à 120 caractères).');
    expect(textOf(byId('planification-formats-messages'))).toBe('Choisissez au moins un format.');
    http.expectNone({ method: 'POST', url: '/api/reports/schedules' });
  });

  it('« Lancer maintenant » starts a run and opens the history', async () => {
    await open(CNSA_ADMIN);
    button(/^Lancer maintenant/).click();
    await settle();
    http.expectOne({ method: 'POST', url: '/api/reports/schedules/sched-1/run' }).flush({ ...RUN, id: 'run-2', trigger: 'MANUEL', status: 'EN_ATTENTE' });
    await settle();
    http.expectOne('/api/reports/schedules/sched-1/runs?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    http.expectOne('/api/reports/schedules').flush(list([MONTHLY]));
    await settle();
    expect(textOf(root.querySelector('.fr-alert--success'))).toContain('Envoi de « Rapport mensuel des ARS » lancé');
  });

  it('deletes after confirmation, and says the API’s refusal otherwise', async () => {
    await open(CNSA_ADMIN);
    button(/^Supprimer/).click();
    await settle();
    expect(textOf(root.querySelector('[role="dialog"] h2'))).toBe('Supprimer la planification « Rapport mensuel des ARS » ?');
    button('Supprimer la planification').click();
    await settle();
    http
      .expectOne({ method: 'DELETE', url: '/api/reports/schedules/sched-1' })
      .flush({ statusCode: 409, code: 'CONFLICT', message: 'La planification « Rapport mensuel des ARS » a un envoi en cours : attendez sa fin.' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(textOf(root.querySelector('[role="alert"]'))).toContain('a un envoi en cours');
  });

  it('formats instants in Paris time', () => {
    expect(formatDateTime('2026-07-14T22:30:00.000Z')).toBe('15/07/2026 à 00:30');
    expect(formatDateTime(null)).toBe('—');
  });

  it('is not offered to ARS officers (the API refuses them): the error says so', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(http, ARS_OFFICER);
    await loaded;
    fixture = TestBed.createComponent(ReportSchedules);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http
      .expectOne('/api/reports/schedules')
      .flush({ statusCode: 403, code: 'FORBIDDEN', message: "Vous n'avez pas accès à cette fonction." }, { status: 403, statusText: 'Forbidden' });
    http.expectOne('/api/regions').flush(REGIONS);
    await settle();
    expect(textOf(root)).toContain("Les planifications n'ont pas pu être chargées");
  });
});
