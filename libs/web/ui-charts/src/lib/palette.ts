import type { PointStyle } from 'chart.js';

import { PROJECT_STATUSES, type ProjectStatus } from '@esms/domain';

/**
 * The DSFR illustrative colours (core.css of @gouvfr/dsfr 1.14), light theme:
 * - `main`: the colour itself, used to fill bars and slices;
 * - `sun`: its dark tone, the text colour of the DSFR badge of that colour — at least 4.5:1 on white, used for
 *   borders and lines so that every shape keeps a 3:1 contrast with the background (WCAG 1.4.11);
 * - `light`: its 950 tone, the background of the DSFR badge of that colour.
 */
export const DSFR_ILLUSTRATIVE_COLOURS = {
  'green-tilleul-verveine': { main: '#b7a73f', sun: '#66673d', light: '#fceeac' },
  'green-bourgeon': { main: '#68a532', sun: '#447049', light: '#c9fcac' },
  'green-emeraude': { main: '#00a95f', sun: '#297254', light: '#c3fad5' },
  'green-menthe': { main: '#009081', sun: '#37635f', light: '#bafaee' },
  'green-archipel': { main: '#009099', sun: '#006a6f', light: '#c7f6fc' },
  'blue-ecume': { main: '#465f9d', sun: '#2f4077', light: '#e9edfe' },
  'blue-cumulus': { main: '#417dc4', sun: '#3558a2', light: '#e6eefe' },
  'purple-glycine': { main: '#a558a0', sun: '#6e445a', light: '#fee7fc' },
  'pink-macaron': { main: '#e18b76', sun: '#8d533e', light: '#fee9e6' },
  'pink-tuile': { main: '#ce614a', sun: '#a94645', light: '#fee9e7' },
  'yellow-tournesol': { main: '#c8aa39', sun: '#716043', light: '#feecc2' },
  'yellow-moutarde': { main: '#c3992a', sun: '#695240', light: '#feebd0' },
  'orange-terre-battue': { main: '#e4794a', sun: '#755348', light: '#fee9e5' },
  'brown-cafe-creme': { main: '#d1b781', sun: '#685c48', light: '#f7ecdb' },
  'brown-caramel': { main: '#c08c65', sun: '#845d48', light: '#f7ebe5' },
  'brown-opera': { main: '#bd987a', sun: '#745b47', light: '#f7ece4' },
  'beige-gris-galet': { main: '#aea397', sun: '#6a6156', light: '#f3ede5' },
} as const satisfies Record<string, { main: string; sun: string; light: string }>;

export type IllustrativeColour = keyof typeof DSFR_ILLUSTRATIVE_COLOURS;

/** WCAG contrast ratio of a `#rrggbb` colour against white. */
export function contrastOnWhite(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const channel = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

/**
 * The colour of a line: the colour itself when it keeps 3:1 against the white background (WCAG 1.4.11), else its
 * dark tone. Lines have no fill: the livelier colour tells them apart better.
 */
export function lineColour(colour: IllustrativeColour): string {
  const { main, sun } = DSFR_ILLUSTRATIVE_COLOURS[colour];
  return contrastOnWhite(main) >= 3 ? main : sun;
}

/** Neutral colours of the DSFR used on the canvas: text (--text-default-grey), mentions, grid lines. */
export const CHART_TEXT_COLOUR = '#3a3a3a';
export const CHART_MENTION_COLOUR = '#666666';
export const CHART_GRID_COLOUR = '#dddddd';
export const CHART_FONT_FAMILY = 'Marianne, arial, sans-serif';

/**
 * How a series is told apart without its colour: a fill pattern for bars and slices, and (from the same kind) a
 * dash and a point shape for lines.
 */
export const PATTERN_KINDS = [
  'solid',
  'diagonal',
  'dots',
  'reverse-diagonal',
  'horizontal',
  'cross',
  'vertical',
] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];

/** The look of one series (or of one slice or bar when categories carry the meaning). */
export interface SeriesStyle {
  readonly colour: IllustrativeColour;
  readonly pattern: PatternKind;
}

/**
 * Amounts that mean the same thing on every chart (see ui.md: « Délégué / Engagé / Versé »). A series whose `key` is
 * one of these gets this style wherever it is drawn. Hues far apart (blue, teal, plum, mustard, greige, red), also as
 * dark tones: lines are drawn in the dark tone.
 */
export const MONEY_MEANINGS = {
  delegated: { label: 'Enveloppe déléguée', colour: 'blue-ecume', pattern: 'solid' },
  committed: { label: 'Engagé', colour: 'green-archipel', pattern: 'diagonal' },
  paid: { label: 'Versé', colour: 'purple-glycine', pattern: 'dots' },
  paidT1: { label: 'Versé T1', colour: 'purple-glycine', pattern: 'vertical' },
  paidT2: { label: 'Versé T2', colour: 'yellow-moutarde', pattern: 'cross' },
  remaining: { label: 'Reste à engager', colour: 'beige-gris-galet', pattern: 'horizontal' },
  atRisk: { label: 'Montant à risque', colour: 'pink-tuile', pattern: 'reverse-diagonal' },
} as const satisfies Record<string, SeriesStyle & { label: string }>;

export type MoneyMeaning = keyof typeof MONEY_MEANINGS;

/** States of milestones (« Jalons par type »), the same on every chart. */
export const MILESTONE_MEANINGS = {
  validated: { label: 'Validés', colour: 'green-emeraude', pattern: 'solid' },
  declared: { label: 'Déclarés', colour: 'blue-cumulus', pattern: 'diagonal' },
  late: { label: 'En retard', colour: 'pink-tuile', pattern: 'cross' },
  toCome: { label: 'À venir', colour: 'beige-gris-galet', pattern: 'dots' },
  notReached: { label: 'Non atteints', colour: 'brown-caramel', pattern: 'horizontal' },
} as const satisfies Record<string, SeriesStyle & { label: string }>;

export type MilestoneMeaning = keyof typeof MILESTONE_MEANINGS;

/** Every key with a fixed look. */
const FIXED_MEANINGS: Readonly<Record<MoneyMeaning | MilestoneMeaning, SeriesStyle>> = {
  ...MONEY_MEANINGS,
  ...MILESTONE_MEANINGS,
};

/**
 * One colour per project status, everywhere: the badge (`fr-badge--<colour>`, always with the status label — the
 * same table as `PROJECT_STATUS_BADGE_CLASSES` of the web app's `ProjectStatusBadge`) and the bars or slices of a
 * chart by status: blues before the decision, greens while the project moves forward, warm colours for the exit
 * branch, greys once closed. Successive statuses also get distinct patterns: neighbouring greens differ by more than
 * their hue.
 */
export const PROJECT_STATUS_COLOURS: Readonly<Record<ProjectStatus, IllustrativeColour>> = {
  DEPOSE: 'blue-cumulus',
  RETENU: 'blue-ecume',
  REFUSE: 'pink-macaron',
  CONVENTION_SIGNEE: 'green-archipel',
  DUI_DEPLOYE: 'green-menthe',
  USAGE_DECLARE: 'green-bourgeon',
  CIBLES_VALIDEES: 'green-emeraude',
  SOLDE: 'green-tilleul-verveine',
  CLOTURE: 'beige-gris-galet',
  ABANDONNE: 'brown-cafe-creme',
  SOLDE_ANNULE: 'orange-terre-battue',
  RECUPERATION_DEMANDEE: 'pink-tuile',
};

/** The DSFR badge class of a status: `<p class="fr-badge fr-badge--sm" [class]="…">{{ label }}</p>`. */
export function projectStatusBadgeClass(status: ProjectStatus): `fr-badge--${IllustrativeColour}` {
  return `fr-badge--${PROJECT_STATUS_COLOURS[status]}`;
}

/** Series without a fixed meaning take these colours in turn: neighbours differ in hue and in lightness. */
export const SERIES_COLOUR_ORDER: readonly IllustrativeColour[] = [
  'blue-ecume',
  'green-archipel',
  'orange-terre-battue',
  'purple-glycine',
  'yellow-moutarde',
  'pink-tuile',
  'green-bourgeon',
  'brown-caramel',
  'blue-cumulus',
  'green-menthe',
  'pink-macaron',
  'brown-opera',
  'yellow-tournesol',
  'green-emeraude',
  'brown-cafe-creme',
  'beige-gris-galet',
  'green-tilleul-verveine',
];

function isFixedMeaning(key: string): key is MoneyMeaning | MilestoneMeaning {
  return Object.prototype.hasOwnProperty.call(FIXED_MEANINGS, key);
}

function isStatus(key: string): key is ProjectStatus {
  return (PROJECT_STATUSES as readonly string[]).includes(key);
}

function patternAt(index: number): PatternKind {
  return PATTERN_KINDS[index % PATTERN_KINDS.length] ?? 'solid';
}

/**
 * The style of a series (or category) from its key: a money meaning (`delegated`, `committed`, `paid`, `paidT1`,
 * `paidT2`, `remaining`, `atRisk`), a milestone state (`validated`, `declared`, `late`, `toCome`, `notReached`) or a
 * project status code keeps its look on every chart; any other key takes the `index`-th colour and pattern.
 */
export function seriesStyle(key: string, index: number): SeriesStyle {
  if (isFixedMeaning(key)) {
    const { colour, pattern } = FIXED_MEANINGS[key];
    return { colour, pattern };
  }
  if (isStatus(key)) {
    return { colour: PROJECT_STATUS_COLOURS[key], pattern: patternAt(PROJECT_STATUSES.indexOf(key)) };
  }
  const colour = SERIES_COLOUR_ORDER[index % SERIES_COLOUR_ORDER.length] ?? 'blue-ecume';
  return { colour, pattern: patternAt(index) };
}

/** Size in CSS pixels of the repeated tile of a pattern. */
const PATTERN_TILE = 10;

const patternCache = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern>>();

/** Draws the marks of a pattern (white, over the colour) on a tile of {@link PATTERN_TILE} pixels. */
function drawPatternMarks(tile: CanvasRenderingContext2D, kind: PatternKind): void {
  const size = PATTERN_TILE;
  tile.strokeStyle = 'rgba(255, 255, 255, 0.75)';
  tile.fillStyle = 'rgba(255, 255, 255, 0.75)';
  tile.lineWidth = 2;
  tile.beginPath();
  switch (kind) {
    case 'diagonal':
      // Three strokes so that the stripes join across tile edges.
      tile.moveTo(-1, 1);
      tile.lineTo(1, -1);
      tile.moveTo(0, size);
      tile.lineTo(size, 0);
      tile.moveTo(size - 1, size + 1);
      tile.lineTo(size + 1, size - 1);
      break;
    case 'reverse-diagonal':
      tile.moveTo(-1, size - 1);
      tile.lineTo(1, size + 1);
      tile.moveTo(0, 0);
      tile.lineTo(size, size);
      tile.moveTo(size - 1, -1);
      tile.lineTo(size + 1, 1);
      break;
    case 'horizontal':
      tile.moveTo(0, size / 2);
      tile.lineTo(size, size / 2);
      break;
    case 'vertical':
      tile.moveTo(size / 2, 0);
      tile.lineTo(size / 2, size);
      break;
    case 'cross':
      tile.moveTo(0, size / 2);
      tile.lineTo(size, size / 2);
      tile.moveTo(size / 2, 0);
      tile.lineTo(size / 2, size);
      break;
    case 'dots':
      tile.arc(size / 2, size / 2, 1.75, 0, 2 * Math.PI);
      tile.fill();
      return;
    case 'solid':
      return;
  }
  tile.stroke();
}

/**
 * The fill of a style on a chart's canvas: the DSFR colour, with white marks (hatching, dots…) unless the pattern
 * is `solid`. Patterns are built once per canvas context and style. Without a 2D context (no canvas support), the
 * plain colour.
 */
export function patternFill(context: CanvasRenderingContext2D, style: SeriesStyle): string | CanvasPattern {
  const colour = DSFR_ILLUSTRATIVE_COLOURS[style.colour].main;
  if (style.pattern === 'solid') return colour;

  const key = `${style.colour}/${style.pattern}`;
  let patterns = patternCache.get(context);
  const cached = patterns?.get(key);
  if (cached) return cached;

  const canvas = document.createElement('canvas');
  canvas.width = PATTERN_TILE;
  canvas.height = PATTERN_TILE;
  const tile = canvas.getContext('2d');
  if (!tile) return colour;
  tile.fillStyle = colour;
  tile.fillRect(0, 0, PATTERN_TILE, PATTERN_TILE);
  drawPatternMarks(tile, style.pattern);

  const pattern = context.createPattern(canvas, 'repeat');
  if (!pattern) return colour;
  if (!patterns) {
    patterns = new Map();
    patternCache.set(context, patterns);
  }
  patterns.set(key, pattern);
  return pattern;
}

/** Dash and point shape of a line, from the pattern of its style (a line has no fill to hatch). */
export const LINE_LOOKS: Readonly<
  Record<PatternKind, { readonly dash: readonly number[]; readonly point: PointStyle }>
> = {
  solid: { dash: [], point: 'circle' },
  diagonal: { dash: [8, 4], point: 'rect' },
  dots: { dash: [3, 3], point: 'triangle' },
  'reverse-diagonal': { dash: [12, 4, 3, 4], point: 'rectRot' },
  horizontal: { dash: [6, 3], point: 'star' },
  cross: { dash: [14, 5], point: 'crossRot' },
  vertical: { dash: [3, 5], point: 'cross' },
};
