import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { BarController, Chart, type ChartConfiguration, LineController } from 'chart.js';

import { barChartConfig } from './chart-configs';
import { ChartFigure, DEFAULT_CHART_EMPTY_MESSAGE } from './chart-figure';
import { CHART_PARTS } from './register';
import type { ChartKind, ChartSeriesModel } from './series';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

const BY_HOLDER: ChartSeriesModel = {
  title: 'Montants par ARS, campagne 2024',
  categoryTitle: 'ARS',
  labels: ['ARS Bretagne', 'ARS Occitanie'],
  series: [
    { key: 'committed', label: 'Engagé', unit: 'cents', values: [7_152_345_600, 250_000_000] },
    { key: 'remaining', label: 'Reste à engager', unit: 'cents', values: [100_000_000, 0] },
  ],
};

const TITLE = 'La Bretagne a engagé 98 % de son enveloppe';
const SUMMARY = 'Sur 2 ARS, la Bretagne a engagé 71,5 M€ et l’Occitanie 2,5 M€.';

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

async function render(inputs: Record<string, unknown>): Promise<ComponentFixture<ChartFigure>> {
  const fixture = TestBed.createComponent(ChartFigure);
  fixture.componentRef.setInput('title', TITLE);
  fixture.componentRef.setInput('summary', SUMMARY);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  return fixture;
}

function canvasOf(fixture: ComponentFixture<ChartFigure>): HTMLCanvasElement | null {
  return (fixture.nativeElement as HTMLElement).querySelector('canvas');
}

function chartOf(fixture: ComponentFixture<ChartFigure>): Chart | undefined {
  const canvas = canvasOf(fixture);
  return canvas ? Chart.getChart(canvas) : undefined;
}

afterEach(() => jest.restoreAllMocks());

describe('ChartFigure', () => {
  it('is a figure: title as caption, canvas named by the title and described by the summary', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'stacked-bar' });
    const element = fixture.nativeElement as HTMLElement;
    const canvas = canvasOf(fixture)!;
    const summaryId = canvas.getAttribute('aria-describedby')!;

    expect(text(element.querySelector('figure > figcaption'))).toBe(TITLE);
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe(TITLE);
    expect(summaryId).toMatch(/^esms-chart-\d+-resume$/);
    expect(text(element.querySelector(`#${summaryId}`))).toBe(SUMMARY);
  });

  it('leaves no title attribute on its element (a tooltip over the whole figure) when the title is written plainly', async () => {
    @Component({
      selector: 'esms-host',
      imports: [ChartFigure],
      template: `<esms-chart title="Versements" summary="Rien à signaler." [model]="model" />`,
      changeDetection: ChangeDetectionStrategy.OnPush,
    })
    class Host {
      protected readonly model = BY_HOLDER;
    }
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const host = (fixture.nativeElement as HTMLElement).querySelector('esms-chart')!;

    expect(host.hasAttribute('title')).toBe(false);
    expect(text(host.querySelector('figcaption'))).toBe('Versements');
  });

  it('draws the model with chart.js once the canvas is rendered', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'stacked-bar' });
    const chart = chartOf(fixture);

    expect(chart).toBeDefined();
    expect((chart?.config as ChartConfiguration | undefined)?.type).toBe('bar');
    expect(chart?.data.datasets.map((dataset) => dataset.data)).toEqual([
      [7_152_345_600, 250_000_000],
      [100_000_000, 0],
    ]);
  });

  it('registers only the chart.js parts the chart type uses', async () => {
    const register = jest.spyOn(Chart, 'register');
    await render({ model: BY_HOLDER, kind: 'bar' });

    expect(register).toHaveBeenCalledWith(...CHART_PARTS.bar);
    const registered = register.mock.calls.flat();
    expect(registered).toContain(BarController);
    expect(registered).not.toContain(LineController);
  });

  it('never imports chart.js/auto (it would bring every chart type into the bundle)', () => {
    const sources = readdirSync(__dirname)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => readFileSync(path.join(__dirname, file), 'utf8'));

    expect(sources.length).toBeGreaterThan(3);
    expect(sources.filter((source) => source.includes("'chart.js/auto'"))).toEqual([]);
  });

  it('reveals « Voir les données »: a table with the same numbers, exact and in French', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'stacked-bar' });
    const element = fixture.nativeElement as HTMLElement;
    const button = Array.from(element.querySelectorAll('button')).find(
      (each) => text(each) === 'Voir les données',
    )!;
    const region = element.querySelector<HTMLElement>(`#${button.getAttribute('aria-controls')}`)!;

    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(region.hidden).toBe(true);

    button.click();
    await fixture.whenStable();

    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(region.hidden).toBe(false);
    const table = region.querySelector('.fr-table table')!;
    expect(text(table.querySelector('caption'))).toBe('Montants par ARS, campagne 2024');
    expect(
      Array.from(table.querySelectorAll('thead th')).map((th) => [th.getAttribute('scope'), text(th)]),
    ).toEqual([
      ['col', 'ARS'],
      ['col', 'Engagé'],
      ['col', 'Reste à engager'],
      ['col', 'Total'],
    ]);
    expect(
      Array.from(table.querySelectorAll('tbody tr')).map((row) => [
        row.querySelector('th')?.getAttribute('scope'),
        ...Array.from(row.querySelectorAll('th, td')).map((cell) => text(cell)),
      ]),
    ).toEqual([
      [
        'row',
        'ARS Bretagne',
        `71${NNBSP}523${NNBSP}456${NBSP}€`,
        `1${NNBSP}000${NNBSP}000${NBSP}€`,
        `72${NNBSP}523${NNBSP}456${NBSP}€`,
      ],
      [
        'row',
        'ARS Occitanie',
        `2${NNBSP}500${NNBSP}000${NBSP}€`,
        `0${NBSP}€`,
        `2${NNBSP}500${NNBSP}000${NBSP}€`,
      ],
    ]);

    button.click();
    await fixture.whenStable();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(region.hidden).toBe(true);
  });

  it('draws a given configuration and builds its table from the model it carries', async () => {
    const fixture = await render({ config: barChartConfig(BY_HOLDER, { horizontal: true }) });
    const element = fixture.nativeElement as HTMLElement;

    expect(chartOf(fixture)?.options.indexAxis).toBe('y');
    expect(Array.from(element.querySelectorAll('thead th')).map((th) => text(th))).toEqual([
      'ARS',
      'Engagé',
      'Reste à engager',
    ]);
  });

  it('updates the same chart when the data change, and the table with it', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'stacked-bar' });
    const chart = chartOf(fixture)!;
    const update = jest.spyOn(chart, 'update');

    fixture.componentRef.setInput('model', {
      ...BY_HOLDER,
      series: [{ key: 'committed', label: 'Engagé', unit: 'cents', values: [100, 200] }],
    } satisfies ChartSeriesModel);
    await fixture.whenStable();

    expect(chartOf(fixture)).toBe(chart);
    expect(update).toHaveBeenCalled();
    expect(chart.data.datasets.map((dataset) => dataset.data)).toEqual([[100, 200]]);
    const cells = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('tbody td')).map((td) =>
      text(td),
    );
    expect(cells).toEqual([`1${NBSP}€`, `2${NBSP}€`]);
  });

  it('makes a new chart when the kind changes, and destroys the old one', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'stacked-bar' });
    const bars = chartOf(fixture)!;
    const destroy = jest.spyOn(bars, 'destroy');

    fixture.componentRef.setInput('kind', 'line' satisfies ChartKind);
    await fixture.whenStable();

    expect(destroy).toHaveBeenCalled();
    expect((chartOf(fixture)?.config as ChartConfiguration | undefined)?.type).toBe('line');
  });

  it('destroys the chart with the component', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'bar' });
    const canvas = canvasOf(fixture)!;
    const destroy = jest.spyOn(Chart.getChart(canvas)!, 'destroy');

    fixture.destroy();

    expect(destroy).toHaveBeenCalledTimes(1);
    expect(Chart.getChart(canvas)).toBeUndefined();
  });

  it('shows a skeleton while loading (no empty canvas), then the chart', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'bar', loading: true });
    const element = fixture.nativeElement as HTMLElement;

    expect(canvasOf(fixture)).toBeNull();
    expect(element.querySelector('[data-skeleton]')).not.toBeNull();
    expect(text(element.querySelector('[role="status"]'))).toBe('Chargement du graphique…');
    expect(element.querySelector('button')).toBeNull();

    fixture.componentRef.setInput('loading', false);
    await fixture.whenStable();

    expect(element.querySelector('[data-skeleton]')).toBeNull();
    expect(text(element.querySelector('[role="status"]'))).toBe('');
    expect(chartOf(fixture)).toBeDefined();
  });

  it('says why there is nothing to show instead of an empty chart', async () => {
    const fixture = await render({ model: { ...BY_HOLDER, labels: [], series: [] }, kind: 'bar' });
    const element = fixture.nativeElement as HTMLElement;

    expect(canvasOf(fixture)).toBeNull();
    expect(text(element.querySelector('[data-empty]'))).toBe(DEFAULT_CHART_EMPTY_MESSAGE);
    expect(text(element.querySelector('figcaption'))).toBe(TITLE);
  });

  it('shows the empty state with the page’s own message when told, and removes a drawn chart', async () => {
    const fixture = await render({ model: BY_HOLDER, kind: 'bar' });
    const chart = chartOf(fixture)!;
    const destroy = jest.spyOn(chart, 'destroy');

    fixture.componentRef.setInput('empty', true);
    fixture.componentRef.setInput('emptyMessage', 'Aucun versement en 2025. Choisissez une autre campagne.');
    await fixture.whenStable();

    expect(canvasOf(fixture)).toBeNull();
    expect(destroy).toHaveBeenCalled();
    expect(text((fixture.nativeElement as HTMLElement).querySelector('[data-empty]'))).toBe(
      'Aucun versement en 2025. Choisissez une autre campagne.',
    );
  });
});
