import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { Header } from './header';

@Component({ selector: 'esms-blank', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

describe('Header menu (below the lg breakpoint)', () => {
  let fixture: ComponentFixture<Header>;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: '**', component: Blank }])] });
    fixture = TestBed.createComponent(Header);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
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

    navLinks()[0]!.click();
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
