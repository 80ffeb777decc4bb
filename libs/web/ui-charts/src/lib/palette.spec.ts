import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_STATUSES } from '@esms/domain';

import {
  DSFR_ILLUSTRATIVE_COLOURS,
  type IllustrativeColour,
  MILESTONE_MEANINGS,
  MONEY_MEANINGS,
  PROJECT_STATUS_COLOURS,
  contrastOnWhite,
  lineColour,
  patternFill,
  projectStatusBadgeClass,
  seriesStyle,
} from './palette';

const DSFR = path.resolve(__dirname, '../../../../../node_modules/@gouvfr/dsfr/dist');
const coreCss = readFileSync(path.join(DSFR, 'core/core.min.css'), 'utf8');
const badgeCss = readFileSync(path.join(DSFR, 'component/badge/badge.min.css'), 'utf8');

/** The value of a DSFR colour token of the light theme, read from the DSFR's own CSS. */
function dsfrToken(pattern: RegExp): string | undefined {
  return pattern.exec(coreCss)?.[1]?.toLowerCase();
}

const COLOURS = Object.keys(DSFR_ILLUSTRATIVE_COLOURS) as IllustrativeColour[];

describe('DSFR illustrative palette', () => {
  it.each(COLOURS)('%s has the values of the DSFR tokens', (name) => {
    const colour = DSFR_ILLUSTRATIVE_COLOURS[name];
    expect(colour.main).toBe(dsfrToken(new RegExp(`--${name}-main-\\d+:(#[0-9a-f]{6})`, 'i')));
    expect(colour.sun).toBe(dsfrToken(new RegExp(`--${name}-sun-\\d+-moon-\\d+:(#[0-9a-f]{6})`, 'i')));
    expect(colour.light).toBe(dsfrToken(new RegExp(`--${name}-950-100:(#[0-9a-f]{6})`, 'i')));
  });

  it.each(COLOURS)('%s: borders (dark tone) keep 4.5:1 on white, lines at least 3:1', (name) => {
    expect(contrastOnWhite(DSFR_ILLUSTRATIVE_COLOURS[name].sun)).toBeGreaterThanOrEqual(4.5);
    expect(contrastOnWhite(lineColour(name))).toBeGreaterThanOrEqual(3);
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastOnWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastOnWhite('#767676')).toBeCloseTo(4.54, 2);
  });

  it('draws lines in the colour itself when it is dark enough, else in its dark tone', () => {
    expect(lineColour('purple-glycine')).toBe('#a558a0');
    expect(lineColour('yellow-moutarde')).toBe('#695240');
  });
});

describe('project status colours', () => {
  it.each(PROJECT_STATUSES)('%s has a DSFR badge colour', (status) => {
    const badge = projectStatusBadgeClass(status);
    expect(badge).toBe(`fr-badge--${PROJECT_STATUS_COLOURS[status]}`);
    expect(badgeCss).toContain(`.${badge}{`);
  });

  it('gives the same style to a status on every chart, and different patterns to successive statuses', () => {
    const styles = PROJECT_STATUSES.map((status, index) => seriesStyle(status, 20 + index));

    expect(styles.map((style) => style.colour)).toEqual(
      PROJECT_STATUSES.map((status) => PROJECT_STATUS_COLOURS[status]),
    );
    expect(seriesStyle('RETENU', 0)).toEqual(seriesStyle('RETENU', 7));
    styles.slice(1).forEach((style, index) => expect(style.pattern).not.toBe(styles[index]?.pattern));
  });
});

describe('seriesStyle', () => {
  it('keeps the colour of a money meaning whatever the position of the series', () => {
    expect(seriesStyle('delegated', 3)).toEqual({ colour: 'blue-ecume', pattern: 'solid' });
    expect(seriesStyle('committed', 0)).toEqual({ colour: 'green-archipel', pattern: 'diagonal' });
    expect(seriesStyle('remaining', 0)).toEqual({ colour: 'beige-gris-galet', pattern: 'horizontal' });
    expect(seriesStyle('late', 0)).toEqual({ colour: 'pink-tuile', pattern: 'cross' });
  });

  it('tells every money meaning, and every milestone state, apart by pattern as well as by colour', () => {
    for (const meanings of [MONEY_MEANINGS, MILESTONE_MEANINGS]) {
      const looks = Object.values(meanings).map((meaning) => `${meaning.colour}/${meaning.pattern}`);
      expect(new Set(looks).size).toBe(looks.length);
    }
    const paidPatterns = ['paid', 'paidT1', 'paidT2'].map((key) => seriesStyle(key, 0).pattern);
    expect(new Set(paidPatterns).size).toBe(3);
  });

  it('gives the amounts drawn together colours of their own (« Versé » is T1 + T2: it shares the colour of T1)', () => {
    const together = ['delegated', 'committed', 'paidT1', 'paidT2', 'remaining', 'atRisk'] as const;
    const colours = together.map((key) => MONEY_MEANINGS[key].colour);

    expect(new Set(colours).size).toBe(together.length);
    expect(MONEY_MEANINGS.paid.colour).toBe(MONEY_MEANINGS.paidT1.colour);
  });

  it('gives other series the palette in turn', () => {
    expect(seriesStyle('x', 0)).toEqual({ colour: 'blue-ecume', pattern: 'solid' });
    expect(seriesStyle('y', 1)).toEqual({ colour: 'green-archipel', pattern: 'diagonal' });
    expect(seriesStyle('z', 2)).toEqual({ colour: 'orange-terre-battue', pattern: 'dots' });
  });
});

describe('patternFill', () => {
  function context(): CanvasRenderingContext2D {
    return document.createElement('canvas').getContext('2d')!;
  }

  it('fills a solid style with the DSFR colour', () => {
    expect(patternFill(context(), { colour: 'blue-ecume', pattern: 'solid' })).toBe('#465f9d');
  });

  it('builds a hatched pattern once per canvas and style', () => {
    const ctx = context();
    const createPattern = jest.spyOn(ctx, 'createPattern');

    const first = patternFill(ctx, { colour: 'green-archipel', pattern: 'diagonal' });
    const again = patternFill(ctx, { colour: 'green-archipel', pattern: 'diagonal' });
    const dots = patternFill(ctx, { colour: 'green-archipel', pattern: 'dots' });

    expect(first).toBeInstanceOf(CanvasPattern);
    expect(again).toBe(first);
    expect(dots).not.toBe(first);
    expect(createPattern).toHaveBeenCalledTimes(2);
  });
});
