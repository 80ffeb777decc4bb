import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, Routes, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { CurrentUserResponse } from '@esms/api-contract';

import { AuthStore } from '../../../core/auth/auth-store';
import { answerSession } from '../../../core/auth/testing/auth-fixtures';
import { textOf } from '../../../shared/testing/dom';
import { alertsRoutes } from '../../alerts/alerts.routes';
import { risksRoutes } from '../risks.routes';

const ROUTES: Routes = [
  { path: 'risques', children: risksRoutes },
  { path: 'alertes', children: alertsRoutes },
];

/** A page of « Risques » or « Alertes » in a router, signed in as `user`, with the HTTP backend under test control. */
export class RisksHarness {
  http!: HttpTestingController;
  router!: Router;
  harness!: RouterTestingHarness;

  get page(): HTMLElement {
    return this.harness.routeNativeElement as HTMLElement;
  }

  async start(user: CurrentUserResponse, url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(ROUTES, withComponentInputBinding()),
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
    for (const request of this.http.match((candidate) => candidate.url === url && candidate.method === 'GET')) {
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

  async type(selector: string, value: string): Promise<void> {
    const field = this.page.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector);
    if (!field) throw new Error(`Pas de champ ${selector}`);
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    await this.settle();
  }

  /** Params of a request, as a plain object. */
  static params(request: TestRequest): Record<string, string | null> {
    const query = request.request.params;
    return Object.fromEntries(query.keys().map((key) => [key, query.get(key)]));
  }
}
