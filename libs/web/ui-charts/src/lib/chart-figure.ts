import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { Chart, type ChartConfiguration, type ChartData } from 'chart.js';

import { type EsmsChartConfiguration, type EsmsChartType, chartConfigFor } from './chart-configs';
import { registerChartParts } from './register';
import { TableCaptionOffset } from './table-caption-offset';
import {
  type ChartKind,
  type ChartSeriesModel,
  type ChartTable,
  chartTable,
  isEmptySeriesModel,
} from './series';

/** Said when there is nothing to draw and the page gave no reason of its own. */
export const DEFAULT_CHART_EMPTY_MESSAGE =
  'Aucune donnée ne correspond à cette sélection. Élargissez les filtres (campagne, type d’appel, secteur) pour afficher ce graphique.';

let nextId = 0;

/** A copy for chart.js, which writes into the data arrays it is given (and would fail on frozen ones). */
function chartJsConfiguration(
  configuration: EsmsChartConfiguration,
): ChartConfiguration<EsmsChartType, (number | null)[], string> {
  const { type, data, options, plugins } = configuration as ChartConfiguration<
    EsmsChartType,
    (number | null)[],
    string
  >;
  return { type, data: copyData(data), options: { ...options }, plugins: [...(plugins ?? [])] };
}

function copyData(
  data: ChartData<EsmsChartType, (number | null)[], string>,
): ChartData<EsmsChartType, (number | null)[], string> {
  return {
    labels: [...(data.labels ?? [])],
    datasets: data.datasets.map((dataset) => ({ ...dataset, data: [...dataset.data] })),
  };
}

/**
 * A chart as a DSFR figure: its title (the finding), the canvas (`role="img"`, described by the summary), the
 * one-sentence summary, and « Voir les données » revealing a `fr-table` built from the same series model, with exact
 * French numbers. Draws `config` when given, else `model` mapped for `kind`. The chart is created once the canvas is
 * rendered, updated in place when the inputs change, resized with its container and destroyed with the component.
 */
@Component({
  selector: 'esms-chart',
  imports: [TableCaptionOffset],
  templateUrl: './chart-figure.html',
  styles: `
    :host {
      display: block;
    }
    .esms-chart {
      margin: 0 0 2rem;
    }
    .esms-chart__title {
      margin-bottom: 1rem;
      color: var(--text-title-grey);
      font-size: 1.125rem;
      font-weight: 700;
      line-height: 1.75rem;
    }
    .esms-chart__canvas {
      position: relative;
      width: 100%;
    }
    .esms-chart__summary {
      margin: 1rem 0 0.5rem;
    }
    .esms-chart__skeleton {
      background-color: var(--background-contrast-grey);
      animation: esms-chart-pulse 1.5s ease-in-out infinite;
    }
    @keyframes esms-chart-pulse {
      50% {
        opacity: 0.5;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .esms-chart__skeleton {
        animation: none;
      }
    }
  `,
  // `title="…"` written as a plain attribute would also stay on the host element: a tooltip over the whole figure.
  host: { '[attr.title]': 'null' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartFigure {
  /** The finding, as the figure's caption and the canvas's name: « Trois ARS ont engagé moins de la moitié de leur enveloppe ». */
  readonly title = input.required<string>();
  /** One French sentence under the chart saying what it shows; it describes the canvas (`aria-describedby`). */
  readonly summary = input.required<string>();
  /** A configuration from one of the mappers (it carries its model, from which the table is built). */
  readonly config = input<EsmsChartConfiguration>();
  /** Or a series model, drawn as `kind`. Ignored when `config` is given. */
  readonly model = input<ChartSeriesModel>();
  readonly kind = input<ChartKind>('bar');
  /** Horizontal bars (for `kind` `bar` and `stacked-bar`). */
  readonly horizontal = input(false);
  /** Skeleton while the data loads: no empty canvas flashing. */
  readonly loading = input(false);
  /** Show the empty state whatever the data (the model has no category or series: shown anyway). */
  readonly empty = input(false);
  /** Why there is nothing to show and what to do about it. */
  readonly emptyMessage = input(DEFAULT_CHART_EMPTY_MESSAGE);
  /** Height of the drawing area (any CSS length); the width follows the container. */
  readonly height = input('20rem');

  private readonly id = `esms-chart-${++nextId}`;
  protected readonly summaryId = `${this.id}-resume`;
  protected readonly tableId = `${this.id}-donnees`;
  protected readonly dataShown = signal(false);

  /** What is drawn: `config`, else `model` mapped for `kind`. */
  protected readonly configuration = computed<EsmsChartConfiguration | undefined>(() => {
    const config = this.config();
    if (config) return config;
    const model = this.model();
    return model ? chartConfigFor(this.kind(), model, { horizontal: this.horizontal() }) : undefined;
  });

  protected readonly isEmpty = computed(() => {
    const configuration = this.configuration();
    return this.empty() || !configuration || isEmptySeriesModel(configuration.model, configuration.kind);
  });

  protected readonly table = computed<ChartTable | undefined>(() => {
    const configuration = this.configuration();
    return configuration ? chartTable(configuration.model, configuration.kind) : undefined;
  });

  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<EsmsChartType, (number | null)[], string> | undefined;
  private chartType: EsmsChartType | undefined;

  constructor() {
    // After rendering: the canvas exists (or has just gone, while loading or empty).
    afterRenderEffect(() => this.draw(this.canvas()?.nativeElement, this.configuration()));
    inject(DestroyRef).onDestroy(() => this.destroyChart());
  }

  protected toggleData(): void {
    this.dataShown.update((shown) => !shown);
  }

  private draw(
    canvas: HTMLCanvasElement | undefined,
    configuration: EsmsChartConfiguration | undefined,
  ): void {
    if (!canvas || !configuration) {
      this.destroyChart();
      return;
    }
    const next = chartJsConfiguration(configuration);
    const chart = this.chart;
    if (chart && chart.canvas === canvas && this.chartType === next.type) {
      chart.data = next.data;
      chart.options = next.options ?? {};
      chart.update();
      return;
    }
    this.destroyChart();
    registerChartParts(next.type);
    this.chart = new Chart(canvas, next);
    this.chartType = next.type;
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
