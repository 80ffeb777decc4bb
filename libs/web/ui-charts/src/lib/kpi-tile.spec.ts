import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { KpiTile } from './kpi-tile';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

async function render(inputs: Record<string, unknown>): Promise<ComponentFixture<KpiTile>> {
  TestBed.configureTestingModule({ providers: [provideRouter([{ path: '**', component: Blank }])] });
  const fixture = TestBed.createComponent(KpiTile);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  return fixture;
}

describe('KpiTile', () => {
  it('shows money compactly, with the exact amount for screen readers and on hover', async () => {
    const element = (await render({ label: 'Engagé', value: 7_152_345_600, unit: 'cents' }))
      .nativeElement as HTMLElement;
    const value = element.querySelector('.esms-kpi-tile__value')!;
    const visible = value.querySelector('[aria-hidden="true"]')!;

    expect(text(element.querySelector('.fr-tile__title'))).toBe('Engagé');
    expect(text(visible)).toBe(`71,5${NBSP}M€`);
    expect(visible.getAttribute('title')).toBe(`71${NNBSP}523${NNBSP}456${NBSP}€`);
    expect(text(value.querySelector('.fr-sr-only'))).toBe(`71${NNBSP}523${NNBSP}456${NBSP}€`);
    expect(element.querySelector('a')).toBeNull();
    expect(element.querySelector('.fr-tile')?.classList).not.toContain('fr-enlarge-link');
  });

  it('writes a count once, with its target on the detail line', async () => {
    const element = (
      await render({
        label: 'ESSMS embarqués / cible',
        value: 12_345,
        unit: 'count',
        target: 36_500,
        detail: '+120 ce mois-ci',
      })
    ).nativeElement as HTMLElement;

    expect(text(element.querySelector('.esms-kpi-tile__value'))).toBe(`12${NNBSP}345`);
    expect(element.querySelector('.esms-kpi-tile__value [aria-hidden]')).toBeNull();
    expect(text(element.querySelector('.fr-tile__detail'))).toBe(`sur 36${NNBSP}500 · +120 ce mois-ci`);
  });

  it('writes percentages with a narrow no-break space, and says when a value is unknown', async () => {
    const share = (await render({ label: 'Cibles atteintes', value: 42, unit: 'percent' }))
      .nativeElement as HTMLElement;
    expect(text(share.querySelector('.esms-kpi-tile__value'))).toBe(`42${NNBSP}%`);
    expect(share.querySelector('.fr-tile__detail')).toBeNull();

    TestBed.resetTestingModule();
    const unknown = (await render({ label: 'Cibles atteintes', value: null, unit: 'percent' }))
      .nativeElement as HTMLElement;
    expect(text(unknown.querySelector('.esms-kpi-tile__value'))).toBe('Non disponible');
  });

  it('is one link when it has one: the label names it, the value and detail describe it', async () => {
    const element = (
      await render({
        label: 'Jalons en retard',
        value: 17,
        target: 420,
        link: ['/projets'],
        queryParams: { retard: 'oui' },
      })
    ).nativeElement as HTMLElement;
    const links = element.querySelectorAll('a');
    const link = links[0]!;
    const describedBy = (link.getAttribute('aria-describedby') ?? '').split(' ');

    expect(links).toHaveLength(1);
    expect(element.querySelector('.fr-tile')?.classList).toContain('fr-enlarge-link');
    expect(text(link)).toBe('Jalons en retard');
    expect(link.getAttribute('href')).toBe('/projets?retard=oui');
    expect(describedBy.map((id) => text(element.querySelector(`#${id}`)))).toEqual(['17', 'sur 420']);
  });

  it('shows a placeholder while loading', async () => {
    const element = (await render({ label: 'Engagé', value: null, unit: 'cents', loading: true }))
      .nativeElement as HTMLElement;

    expect(element.querySelector('.esms-kpi-tile__skeleton')).not.toBeNull();
    expect(text(element.querySelector('.esms-kpi-tile__value'))).toBe('Chargement…');
  });
});
