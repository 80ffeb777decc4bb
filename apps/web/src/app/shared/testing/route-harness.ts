import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, Routes, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../../core/auth/auth-store';
import { answerSession } from '../../core/auth/testing/auth-fixtures';
import { textOf } from './dom';

/**
 * Pages of a feature in a router (`routes`, route inputs bound), signed in as a user, with the HTTP backend
 * under test control: answer or refuse each request, then read and use the page by its labels.
 */
export class RouteHarness {
  http!: HttpTestingController;
  router!: Router;
  harness!: RouterTestingHarness;

  constructor(
    private readonly routes: Routes,
    private readonly providers: Provider[] = [],
  ) {}

  /** Params of a request, as a plain object. */
  static params(request: TestRequest): Record<string, string | null> {
    const query = request.request.params;
    return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
  }

  get page(): HTMLElement {
    return this.harness.routeNativeElement as HTMLElement;
  }

  async start(user: CurrentUserResponse, url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(this.routes, withComponentInputBinding()),
        ...this.providers,
      ],
    });
    this.http = TestBed.inject(HttpTestingController);
    this.router = TestBed.inject(Router);
    const loaded = TestBed.inject(AuthStore).load();
    answerSession(this.http, user);
    await loaded;
    this.harness = await RouterTestingHarness.create();
    await this.harness.navigateByUrl(url);
    await this.settle();
  }

  async settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await this.harness.fixture.whenStable();
  }

  /** The one pending request to `url` (path only) and `method`. */
  request(url: string, method = 'GET'): TestRequest {
    return this.http.expectOne((request) => request.url === url && request.method === method);
  }

  async answer(url: string, body: object | null, method = 'GET'): Promise<TestRequest> {
    const request = this.request(url, method);
    request.flush(body);
    await this.settle();
    return request;
  }

  async fail(url: string, status: number, body: object, method = 'GET'): Promise<TestRequest> {
    const request = this.request(url, method);
    request.flush(body, { status, statusText: 'Erreur' });
    await this.settle();
    return request;
  }

  /** Every pending GET to `url` answered with `body` (lookups a test does not look at). */
  answerAll(url: string, body: object): void {
    for (const request of this.http.match(
      (candidate) => candidate.url === url && candidate.method === 'GET',
    )) {
      request.flush(body);
    }
  }

  button(label: string | RegExp, root: ParentNode = this.page): HTMLButtonElement {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((candidate) =>
      typeof label === 'string' ? textOf(candidate) === label : label.test(textOf(candidate)),
    );
    if (!found) throw new Error(`Pas de bouton « ${String(label)} »`);
    return found;
  }

  buttons(root: ParentNode = this.page): string[] {
    return Array.from(root.querySelectorAll('button')).map((candidate) => textOf(candidate));
  }

  byId<T extends HTMLElement>(id: string): T {
    const found = this.page.querySelector<T>(`#${id}`) ?? document.getElementById(id);
    if (!found) throw new Error(`Pas d'élément #${id}`);
    return found as T;
  }

  /** Types `value` into the input `#id`. */
  async type(id: string, value: string): Promise<void> {
    const input = this.byId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await this.harness.fixture.whenStable();
  }

  /** Chooses `value` in the select `#id`. */
  async choose(id: string, value: string): Promise<void> {
    const select = this.byId<HTMLSelectElement>(id);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.harness.fixture.whenStable();
  }

  /** Types or chooses `value` in the field `selector` (input, textarea or select), then lets the page settle. */
  async fill(selector: string, value: string): Promise<void> {
    const field = this.page.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      selector,
    );
    if (!field) throw new Error(`Pas de champ ${selector}`);
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    await this.settle();
  }

  async click(element: HTMLElement): Promise<void> {
    element.click();
    await this.settle();
  }

  async submit(form: HTMLFormElement): Promise<void> {
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await this.settle();
  }

  /** The error message shown under a field (the element its `aria-describedby` points to first). */
  messageOf(id: string): string {
    const ids = (this.byId(id).getAttribute('aria-describedby') ?? '').split(/\s+/);
    return textOf(this.page.querySelector(`#${ids[0] ?? ''}`));
  }

  dialog(): HTMLElement | null {
    return this.page.querySelector<HTMLElement>('[role="dialog"]');
  }
}
