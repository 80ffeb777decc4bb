import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import type { AppConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  databaseUrl: string;
  http: () => TestAgent;
  close: () => Promise<void>;
}

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    nodeEnv: 'test',
    port: 0,
    databaseUrl,
    databaseSsl: false,
    databasePoolSize: 5,
    embedded: { dir: '', port: 0 },
    logLevel: 'silent',
    logPretty: false,
    webDistDir: undefined,
    sessionIdleMinutes: 30,
    sessionMaxHours: 12,
    cookieSecure: false,
    ...overrides,
  };
}

/** The real application (same factory as production) on a fresh, migrated database of its own. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await createApp(testConfig(database.url, overrides));
  await app.init();
  return {
    app,
    databaseUrl: database.url,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
