import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/database/seeds/demo-accounts';

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];


/** A client with its own cookie jar and the anti-CSRF header Angular would send. */
export class Client {
  constructor(
    readonly agent: TestAgent,
    private csrf: string,
    private readonly address: string,
  ) {}

  private decorate(test: request.Test): request.Test {
    return test.set('X-XSRF-TOKEN', this.csrf).set('X-Forwarded-For', this.address);
  }

  get(path: string): request.Test {
    return this.agent.get(path).set('X-Forwarded-For', this.address);
  }

  post(path: string, body?: object): request.Test {
    return this.decorate(this.agent.post(path)).send(body ?? {});
  }

  patch(path: string, body?: object): request.Test {
    return this.decorate(this.agent.patch(path)).send(body ?? {});
  }

  put(path: string, body?: object): request.Test {
    return this.decorate(this.agent.put(path)).send(body ?? {});
  }

  delete(path: string): request.Test {
    return this.decorate(this.agent.delete(path));
  }

  request(method: string, path: string, body?: object): request.Test {
    switch (method) {
      case 'GET':
        return this.get(path);
      case 'POST':
        return this.post(path, body);
      case 'PATCH':
        return this.patch(path, body);
      case 'PUT':
        return this.put(path, body);
      case 'DELETE':
        return this.delete(path);
      default:
        throw new Error(`Méthode non gérée : ${method}`);
    }
  }

  /** Reads the XSRF-TOKEN cookie the server set last. */
  refreshCsrf(response: request.Response): void {
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const xsrf = cookies.find((cookie) => cookie.startsWith('XSRF-TOKEN='));
    if (xsrf) this.csrf = decodeURIComponent(xsrf.split(';')[0]!.slice('XSRF-TOKEN='.length));
  }
}

let addressCounter = 1;
/** A distinct client address per client, so that sign-in throttling by address does not leak between tests. */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${Math.floor(addressCounter / 65536) % 256}.${Math.floor(addressCounter / 256) % 256}.${addressCounter % 256}`;
}

/** An anonymous client that has loaded a page (so it holds the XSRF-TOKEN cookie). */
export async function anonymous(app: NestExpressApplication, address = nextAddress()): Promise<Client> {
  const agent = request.agent(app.getHttpServer());
  const client = new Client(agent, '', address);
  const response = await agent.get('/api/health').set('X-Forwarded-For', address).expect(200);
  client.refreshCsrf(response);
  return client;
}

/** A client signed in with a demo account (or any e-mail and password). */
export async function signIn(app: NestExpressApplication, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const client = await anonymous(app);
  const response = await client.post('/api/auth/login', { email, password });
  if (response.status !== 200) {
    throw new Error(`Connexion de ${email} refusée : ${response.status} ${JSON.stringify(response.body)}`);
  }
  client.refreshCsrf(response);
  return client;
}
