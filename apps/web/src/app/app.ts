import { ViewportScroller } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, inject, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';

import { Footer } from './core/layout/footer';
import { Header } from './core/layout/header';
import { SkipLinks } from './core/layout/skip-links';

function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}

/**
 * The shell: skip links, DSFR header, the page in `<main id="contenu">`, DSFR footer.
 * When the user goes to another page, the view returns to the top and focus moves to the main content, so
 * that keyboard and screen reader users start reading the new page (not after a query change such as a tab).
 */
@Component({
  selector: 'esms-root',
  imports: [Footer, Header, RouterOutlet, SkipLinks],
  template: `
    <esms-skip-links />
    <esms-header />
    <main id="contenu" role="main" tabindex="-1" #main>
      <router-outlet />
    </main>
    <esms-footer />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly scroller = inject(ViewportScroller);

  constructor() {
    let previousPath: string | null = null;
    inject(Router)
      .events.pipe(
        filter((event): event is NavigationEnd => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe((event) => {
        const path = pathOf(event.urlAfterRedirects);
        // The first navigation is the page load: focus stays at the top, before the skip links.
        if (previousPath !== null && path !== previousPath) {
          this.scroller.scrollToPosition([0, 0]);
          this.main().nativeElement.focus({ preventScroll: true });
        }
        previousPath = path;
      });
  }
}
