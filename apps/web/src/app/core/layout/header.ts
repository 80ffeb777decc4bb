import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive } from '@angular/router';
import { filter } from 'rxjs';

import type { Role } from '@esms/domain';

import { AuthStore } from '../auth/auth-store';
import { AlertCount, unseenAlertsText } from './alert-count';

export interface NavigationItem {
  readonly path: string;
  readonly label: string;
  /** Roles that see the item; null: every signed-in user. */
  readonly roles: readonly Role[] | null;
}

/** Pages of the main navigation, by task. Only pages that exist are listed, each to the roles it opens to. */
export const MAIN_NAVIGATION: readonly NavigationItem[] = [
  { path: '/tableau-de-bord', label: 'Tableau de bord', roles: null },
  { path: '/projets', label: 'Projets', roles: null },
  { path: '/enveloppes', label: 'Enveloppes', roles: null },
  { path: '/risques', label: 'Risques', roles: null },
  { path: '/rapports', label: 'Rapports', roles: null },
  { path: '/imports', label: 'Imports', roles: ['ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'] },
  { path: '/referentiel', label: 'Référentiel', roles: null },
  { path: '/administration', label: 'Administration', roles: ['CNSA_ADMIN'] },
];

/**
 * DSFR header without the DSFR script. The tools say who is signed in, with « Mon compte » and
 * « Se déconnecter » (or « Se connecter »). Under the `lg` breakpoint the tools and the navigation are in a
 * full-screen menu opened by « Menu »: focus goes to « Fermer », stays inside the menu, and Escape closes it.
 */
@Component({
  selector: 'esms-header',
  imports: [NgTemplateOutlet, RouterLink, RouterLinkActive],
  templateUrl: './header.html',
  host: { '(keydown)': 'onKeydown($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Header {
  private readonly document = inject(DOCUMENT);
  private readonly auth = inject(AuthStore);

  protected readonly user = this.auth.user;
  private readonly alertCount = inject(AlertCount);
  /** Unseen alerts of the user's scope (null while unknown), and what the polite live region says. */
  protected readonly unseenAlerts = this.alertCount.unseen;
  protected readonly alertAnnouncement = this.alertCount.announcement;
  protected readonly unseenAlertsText = unseenAlertsText;
  /** Signed out: no navigation (every page of it needs a signed-in user). */
  protected readonly navigation = computed(() => {
    const user = this.user();
    if (!user) return [];
    return MAIN_NAVIGATION.filter((item) => item.roles === null || item.roles.includes(user.role));
  });
  protected readonly menuOpen = signal(false);

  private readonly menuButton = viewChild.required<ElementRef<HTMLButtonElement>>('menuButton');
  private readonly closeButton = viewChild.required<ElementRef<HTMLButtonElement>>('closeButton');
  private readonly menu = viewChild.required<ElementRef<HTMLElement>>('menu');
  /** Where focus goes once the menu has rendered its new state; null: leave focus alone. */
  private pendingFocus: 'close' | 'menu' | null = null;

  constructor() {
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        // Following a link closes the menu; the shell then moves focus to the page content.
        this.pendingFocus = null;
        this.menuOpen.set(false);
      });

    // Runs after each render where the menu opened or closed: the target is then visible and can take focus.
    afterRenderEffect(() => {
      this.menuOpen();
      const target = this.pendingFocus;
      this.pendingFocus = null;
      if (target === 'close') this.closeButton().nativeElement.focus();
      if (target === 'menu') this.menuButton().nativeElement.focus();
    });
  }

  protected openMenu(): void {
    this.pendingFocus = 'close';
    this.menuOpen.set(true);
  }

  /**
   * Also called when a menu link is followed: on the current page nothing else happens and focus comes back
   * to « Menu »; on another page the shell then moves focus to its content.
   */
  protected closeMenu(): void {
    if (!this.menuOpen()) return;
    this.pendingFocus = 'menu';
    this.menuOpen.set(false);
  }

  protected signOut(): void {
    this.pendingFocus = null;
    this.menuOpen.set(false);
    void this.auth.logout();
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (!this.menuOpen()) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closeMenu();
    } else if (event.key === 'Tab') {
      this.keepFocusInMenu(event);
    }
  }

  /** Modal menu: Tab from the last control goes back to the first one, Shift+Tab the other way. */
  private keepFocusInMenu(event: KeyboardEvent): void {
    const focusable = Array.from(this.menu().nativeElement.querySelectorAll<HTMLElement>('a[href], button'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = this.document.activeElement;
    if (event.shiftKey && (active === first || !this.menu().nativeElement.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
