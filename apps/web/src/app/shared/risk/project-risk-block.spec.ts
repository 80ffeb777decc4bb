import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { tableRows, textOf } from '../testing/dom';
import { ProjectRiskBlock, pointsText } from './project-risk-block';
import { riskTrendModel, riskTrendSummary, riskTrendTitle } from './risk-trend-model';
import { projectRisk, riskHistory } from './testing/risk-fixtures';

const ID = '11111111-1111-4111-8111-111111111111';

describe('ProjectRiskBlock', () => {
  let fixture: ComponentFixture<ProjectRiskBlock>;
  let http: HttpTestingController;

  async function render(): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ProjectRiskBlock);
    fixture.componentRef.setInput('projectId', ID);
    fixture.componentRef.setInput('projectCode', '2024-53-0007');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('says the level in words with its icon badge, the score, and why: each factor in French with its points', async () => {
    const element = await render();
    http.expectOne(`/api/projects/${ID}/risk`).flush(projectRisk());
    await settle();
    http.expectOne(`/api/projects/${ID}/risk/history`).flush(riskHistory([40, 70, 62]));
    await settle();

    expect(textOf(element.querySelector('h2'))).toBe('Risque');
    const badge = element.querySelector('esms-risk-level-badge .fr-badge')!;
    expect(textOf(badge)).toBe('Risque élevé');
    expect(badge.classList).toContain('fr-badge--warning');
    expect(Array.from(element.querySelector('.esms-risk-score')!.children).map((part) => textOf(part))).toEqual([
      'Risque élevé',
      'Score 62 sur 100',
      'calculé le 30/11/2026',
    ]);
    expect(Array.from(element.querySelectorAll('[data-risk-factors] li')).map((item) => textOf(item))).toEqual([
      '2 jalons en retard, dont INS qualifiée de 45 jours — 21 points',
      'DUI non référencé Ségur — 15 points',
    ]);
    expect(textOf(element.querySelector('figcaption'))).toBe('Le score de risque a augmenté sur les 3 derniers jours');
    expect(textOf(element.querySelector('.esms-chart__summary'))).toBe(
      'Du 01/11/2026 au 03/11/2026, le score est passé de 40 (modéré) à 62 sur 100 (élevé) ; il a atteint 70 au plus haut.',
    );
    // « Voir les données »: the same numbers in a table.
    expect(tableRows(element.querySelector('figure')!)).toEqual([
      ['01/11/2026', '40'],
      ['02/11/2026', '70'],
      ['03/11/2026', '62'],
    ]);
  });

  it('says when nothing weighs on the project', async () => {
    const element = await render();
    http.expectOne(`/api/projects/${ID}/risk`).flush(projectRisk({ score: 0, level: 'FAIBLE', levelLabel: 'Faible', factors: [], computedAt: null }));
    await settle();
    http.expectOne(`/api/projects/${ID}/risk/history`).flush(riskHistory([]));
    await settle();

    expect(textOf(element.querySelector('.esms-risk-score span:last-child'))).toBe('pas encore calculé');
    expect(element.textContent).toContain('Aucun facteur de risque');
    expect(textOf(element.querySelector('[data-empty]'))).toContain('Aucun score n’a encore été calculé');
  });

  it('offers a retry when the score cannot be read', async () => {
    const element = await render();
    http
      .expectOne(`/api/projects/${ID}/risk`)
      .flush({ message: 'Le service a rencontré une difficulté.' }, { status: 500, statusText: 'Erreur' });
    await settle();

    expect(textOf(element.querySelector('[role="alert"] .fr-alert__title'))).toBe(
      'Le score de risque n’a pas pu être chargé',
    );
    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await settle();
    http.expectOne(`/api/projects/${ID}/risk`).flush(projectRisk());
    await settle();
    http.expectOne(`/api/projects/${ID}/risk/history`).flush(riskHistory([62]));
  });
});

describe('risk trend model', () => {
  it.each([
    [[40, 62], 'Le score de risque a augmenté sur les 2 derniers jours'],
    [[62, 40], 'Le score de risque a baissé sur les 2 derniers jours'],
    [[40, 40], 'Le score de risque est stable sur les 2 derniers jours'],
    [[40], 'Évolution du score de risque'],
  ])('titles %j « %s »', (scores, title) => {
    expect(riskTrendTitle(riskHistory(scores).items)).toBe(title);
  });

  it('summarises one day, a stable score, and no history', () => {
    expect(riskTrendSummary(riskHistory([30]).items)).toBe('Le 01/11/2026, le score était de 30 sur 100 (modéré).');
    expect(riskTrendSummary(riskHistory([30, 30]).items)).toBe(
      'Du 01/11/2026 au 02/11/2026, le score est resté à 30 sur 100 (modéré).',
    );
    expect(riskTrendSummary([])).toBe('Aucun score n’a encore été calculé pour ce projet.');
  });

  it('maps the days to a one-line model counted in points', () => {
    expect(riskTrendModel(riskHistory([10, 20]).items, '2024-53-0007')).toEqual({
      title: 'Score de risque du projet 2024-53-0007, par jour',
      labels: ['01/11/2026', '02/11/2026'],
      series: [{ key: 'riskScore', label: 'Score de risque', values: [10, 20], unit: 'count' }],
      categoryTitle: 'Jour',
      valueTitle: 'Score (sur 100)',
    });
    expect(pointsText(1)).toBe('1 point');
    expect(pointsText(21)).toBe('21 points');
  });
});
