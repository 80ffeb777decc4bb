import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  ElementRef,
  computed,
  inject,
  input,
  linkedSignal,
  viewChildren,
} from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';

import { tabIndexForKey } from './tab-keys';

/** A tab of a page; its id is also the `onglet` query parameter, so that a tab can be linked to. */
export interface Tab {
  readonly id: string;
  readonly label: string;
}

/**
 * DSFR tabs following the WAI-ARIA pattern (automatic activation): arrows move between tabs, Home and End go
 * to the first and last one, focus follows selection, only the selected tab is in the Tab sequence. The tab
 * opened first comes from `?onglet=` in the address (else the first tab); afterwards the tabs own the choice and
 * only write it to the address (reading the address back would let a late navigation undo a fast key press).
 * The host is the DSFR `fr-tabs` block; the panels are the projected `[esmsTabPanel]` elements.
 */
@Component({
  selector: 'esms-tabs',
  host: { class: 'fr-tabs' },
  template: `
    <ul class="fr-tabs__list" role="tablist" [attr.aria-label]="label()">
      @for (tab of tabs(); track tab.id; let index = $index) {
        <li role="presentation">
          <button
            #tabButton
            type="button"
            class="fr-tabs__tab"
            role="tab"
            [id]="'onglet-' + tab.id"
            [attr.aria-controls]="'panneau-' + tab.id"
            [attr.aria-selected]="tab.id === selected()"
            [attr.tabindex]="tab.id === selected() ? 0 : -1"
            (click)="select(tab.id)"
            (keydown)="onKeydown($event, index)"
          >
            {{ tab.label }}
            @if (counts()[tab.id]; as count) {
              ({{ count }})
            }
          </button>
        </li>
      }
    </ul>
    <ng-content />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Tabs {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Name of the tab list for assistive technologies (« Détail du projet »). */
  readonly label = input.required<string>();
  readonly tabs = input.required<readonly Tab[]>();
  /** A count shown after a tab's label, « Jalons (4) », by tab id. */
  readonly counts = input<Readonly<Partial<Record<string, string>>>>({});

  /** Id of the selected tab. */
  readonly selected = linkedSignal(() => {
    const tabs = this.tabs();
    const asked = this.route.snapshot.queryParamMap.get('onglet');
    return (tabs.find((tab) => tab.id === asked) ?? tabs[0])?.id ?? '';
  });

  private readonly tabButtons = viewChildren<ElementRef<HTMLButtonElement>>('tabButton');

  protected select(id: string): void {
    if (id === this.selected()) return;
    this.selected.set(id);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { onglet: id === this.tabs()[0]?.id ? null : id },
      queryParamsHandling: 'merge',
      replaceUrl: true,
      // A message left in the navigation's state (« Le projet est enregistré ») was for the arrival only.
      state: {},
    });
  }

  protected onKeydown(event: KeyboardEvent, index: number): void {
    const next = tabIndexForKey(event.key, index, this.tabs().length);
    const tab = next === undefined ? undefined : this.tabs()[next];
    if (next === undefined || !tab) return;
    event.preventDefault();
    this.select(tab.id);
    this.tabButtons()[next]?.nativeElement.focus();
  }
}

/**
 * The panel of a tab, inside `<esms-tabs>`: `<div esmsTabPanel="regions">`. Hidden panels stay in the page, so
 * that each loads its data once and keeps it; `shown()` says whether the panel has been opened yet, for a panel
 * that creates its content on first opening (`#panel="esmsTabPanel"`, `@if (panel.shown())`).
 */
@Directive({
  selector: '[esmsTabPanel]',
  exportAs: 'esmsTabPanel',
  host: {
    class: 'fr-tabs__panel',
    role: 'tabpanel',
    tabindex: '0',
    '[id]': "'panneau-' + esmsTabPanel()",
    '[attr.aria-labelledby]': "'onglet-' + esmsTabPanel()",
    '[class.fr-tabs__panel--selected]': 'selected()',
    '[hidden]': '!selected()',
  },
})
export class TabPanel {
  private readonly tabs = inject(Tabs);

  /** The tab's id. */
  readonly esmsTabPanel = input.required<string>();
  readonly selected = computed(() => this.tabs.selected() === this.esmsTabPanel());
  readonly shown = linkedSignal<boolean, boolean>({
    source: this.selected,
    computation: (selected, previous) => selected || (previous?.value ?? false),
  });
}
