import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import type { CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../auth/auth-store';
import { ARS_OFFICER, CNSA_ADMIN, answerSession } from '../auth/testing/auth-fixtures';
import { textOf } from '../../shared/testing/dom';
import { AlertCount } from './alert-count';
import { Header } from './header';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

/** The header once the session is read: signed in as `user`, or signed out. */
async function renderHeader(user: CurrentUserResponse | null): Promise<ComponentFixture<Header>> {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([{ path: '**', component: Blank }]),
    ],
  });
  const loaded = TestBed.inject(AuthStore).load();
  answerSession(TestBed.inject(HttpTestingController), user);
  await loaded;
  const fixture = TestBed.createComponent(Header);
  await fixture.whenStable();
  return fixture;
}

describe('Header tools', () => {
  function desktopTools(element: HTMLElement): HTMLElement {
    return element.querySelector<HTMLElement>('.fr-header__tools-links')!;
  }

  function controls(container: HTMLElement): string[][] {
    return Array.from(container.querySelectorAll('a, button')).map((control) => [
      textOf(control),
      control.getAttribute('href') ?? control.tagName.toLowerCase(),
    ]);
  }

  it('offers « Se connecter » to a signed-out visitor, and no navigation', async () => {
    const element = (await renderHeader(null)).nativeElement as HTMLElement;

    expect(controls(desktopTools(element))).toEqual([['Se connecter', '/connexion']]);
    expect(element.querySelector('nav[aria-label="Menu principal"]')).toBeNull();
    expect(element.querySelector('.esms-header-user')).toBeNull();
  });

  it('shows who is signed in — name and organisation — with « Mon compte » and « Se déconnecter »', async () => {
    const element = (await renderHeader(ARS_OFFICER)).nativeElement as HTMLElement;
    const tools = desktopTools(element);

    expect(textOf(tools.querySelector('.esms-header-user'))).toBe(
      'Compte connecté : Yann Le Goff, ARS Bretagne',
    );
    expect(controls(tools)).toEqual([
      ['Alertes', '/alertes'],
      ['Mon compte', '/mon-compte'],
      ['Se déconnecter', 'button'],
    ]);
  });

  it('repeats the tools in the menu shown under the lg breakpoint, as the DSFR script would', async () => {
    const element = (await renderHeader(ARS_OFFICER)).nativeElement as HTMLElement;
    const menuLinks = element.querySelector<HTMLElement>('#menu-principal .fr-header__menu-links')!;

    expect(controls(menuLinks)).toEqual(controls(desktopTools(element)));
  });

  it.each([
    ['an ARS officer', ARS_OFFICER, ['Tableau de bord', 'Projets', 'Enveloppes', 'Risques', 'Rapports', 'Imports', 'Référentiel']],
    [
      'a CNSA administrator',
      CNSA_ADMIN,
      ['Tableau de bord', 'Projets', 'Enveloppes', 'Risques', 'Rapports', 'Imports', 'Référentiel', 'Administration'],
    ],
  ])('lists in the navigation the pages %s can open', async (_who, user, labels) => {
    const element = (await renderHeader(user)).nativeElement as HTMLElement;

    const links = Array.from(element.querySelectorAll('nav[aria-label="Menu principal"] a'));
    expect(links.map((link) => textOf(link))).toEqual(labels);
  });

  it('« Se déconnecter » ends the session, then shows « Se connecter »', async () => {
    const fixture = await renderHeader(CNSA_ADMIN);
    const element = fixture.nativeElement as HTMLElement;
    const http = TestBed.inject(HttpTestingController);

    // The header's first count of unseen alerts.
    await new Promise((resolve) => setTimeout(resolve));
    for (const request of http.match('/api/alerts/count')) request.flush({ unseen: 0 });
    Array.from(desktopTools(element).querySelectorAll('button'))
      .find((button) => textOf(button) === 'Se déconnecter')!
      .click();
    http
      .expectOne({ method: 'POST', url: '/api/auth/logout' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/connexion');
    expect(controls(desktopTools(element))).toEqual([['Se connecter', '/connexion']]);
    expect(element.querySelector('nav[aria-label="Menu principal"]')).toBeNull();
    http.verify();
  });
});

describe('Header alert count', () => {
  async function answerCount(fixture: ComponentFixture<Header>, unseen: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.inject(HttpTestingController)
      .expectOne({ method: 'GET', url: '/api/alerts/count' })
      .flush({ unseen });
    await fixture.whenStable();
  }

  it('shows the number of unseen alerts on « Alertes », in words for screen readers, without announcing it', async () => {
    const fixture = await renderHeader(ARS_OFFICER);
    const element = fixture.nativeElement as HTMLElement;
    await answerCount(fixture, 3);

    const link = element.querySelector<HTMLAnchorElement>('.fr-header__tools-links a[href="/alertes"]')!;
    expect(textOf(link)).toBe('Alertes 3, 3 alertes non vues');
    expect(link.querySelector('[aria-hidden="true"]')?.textContent?.trim()).toBe('3');
    // The first count read is not news: the live region stays silent.
    expect(textOf(element.querySelector('header [role="status"]'))).toBe('');
  });

  it('announces once, politely, when new alerts arrive; the same count read again is not announced again', async () => {
    const fixture = await renderHeader(ARS_OFFICER);
    const element = fixture.nativeElement as HTMLElement;
    const store = TestBed.inject(AlertCount);
    await answerCount(fixture, 1);

    store.refresh();
    await answerCount(fixture, 4);
    const status = () => textOf(element.querySelector('header [role="status"]'));
    expect(status()).toBe('Nouvelles alertes : 4 alertes non vues.');
    expect(element.querySelectorAll('[role="status"]')).toHaveLength(1);

    store.set(0);
    await fixture.whenStable();
    expect(textOf(element.querySelector('.fr-header__tools-links a[href="/alertes"]'))).toBe('Alertes');
  });
});

describe('Header menu (below the lg breakpoint)', () => {
  let fixture: ComponentFixture<Header>;
  let element: HTMLElement;

  beforeEach(async () => {
    fixture = await renderHeader(CNSA_ADMIN);
    element = fixture.nativeElement as HTMLElement;
  });

  const menuButton = () => element.querySelector<HTMLButtonElement>('#bouton-menu')!;
  const menu = () => element.querySelector<HTMLElement>('#menu-principal')!;
  const closeButton = () => menu().querySelector<HTMLButtonElement>('.fr-btn--close')!;
  const navLinks = () => Array.from(menu().querySelectorAll<HTMLAnchorElement>('.fr-nav__link'));

  async function press(target: HTMLElement, key: string, shiftKey = false): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  }

  async function open(): Promise<void> {
    menuButton().click();
    await fixture.whenStable();
  }

  it('has a « Menu » button that controls the menu and says it is closed', () => {
    expect(menuButton().textContent?.trim()).toBe('Menu');
    expect(menuButton().getAttribute('aria-controls')).toBe('menu-principal');
    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(menu().classList).not.toContain('fr-modal--opened');
    expect(menu().getAttribute('role')).toBeNull();
  });

  it('opens as a modal dialog and puts focus on « Fermer »', async () => {
    await open();

    expect(menuButton().getAttribute('aria-expanded')).toBe('true');
    expect(menu().classList).toContain('fr-modal--opened');
    expect(menu().getAttribute('role')).toBe('dialog');
    expect(menu().getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(closeButton());
  });

  it.each([
    ['« Fermer »', (): unknown => closeButton().click()],
    ['Escape', (): unknown => press(closeButton(), 'Escape')],
  ])('closes with %s and gives focus back to « Menu »', async (_how, close) => {
    await open();

    await close();
    await fixture.whenStable();

    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(menu().classList).not.toContain('fr-modal--opened');
    expect(document.activeElement).toBe(menuButton());
  });

  it('keeps Tab inside the open menu', async () => {
    await open();
    const last = navLinks().at(-1)!;

    last.focus();
    const forward = await press(last, 'Tab');
    expect(forward.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(closeButton());

    const backward = await press(closeButton(), 'Tab', true);
    expect(backward.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(last);
  });

  it('leaves Tab and Escape alone while the menu is closed', async () => {
    expect((await press(menuButton(), 'Tab')).defaultPrevented).toBe(false);
    expect((await press(menuButton(), 'Escape')).defaultPrevented).toBe(false);
  });

  it('closes when the link of the current page is followed, focus back on « Menu »', async () => {
    await TestBed.inject(Router).navigateByUrl('/referentiel');
    await open();

    navLinks()
      .find((link) => link.getAttribute('href') === '/referentiel')!
      .click();
    await fixture.whenStable();

    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menuButton());
  });

  it('closes when a link is followed', async () => {
    await open();

    await TestBed.inject(Router).navigateByUrl('/referentiel');
    await fixture.whenStable();

    expect(menuButton().getAttribute('aria-expanded')).toBe('false');
  });
});
