import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';

import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';

/** The schema pg-boss owns in the application's database (docs/adr/0005-taches-de-fond-pg-boss-schema-hors-migrations.md). */
export const JOBS_SCHEMA = 'pgboss';
/** The time zone of every schedule: the CNSA's calendar. */
export const JOBS_TIME_ZONE = 'Europe/Paris';

export interface JobContext {
  id: string;
  name: string;
}
export type JobHandler<T extends object = object> = (data: T, job: JobContext) => Promise<void>;

export interface QueueSettings {
  /** How long a job may run before pg-boss considers it lost and retries it (default 15 min). */
  expireInMinutes?: number;
  /** Retries after a failure (default 2), `retryDelaySeconds` apart. */
  retryLimit?: number;
  retryDelaySeconds?: number;
}

interface Registration {
  handler?: JobHandler;
  settings: QueueSettings;
  schedule?: { cron: string; tz: string; data: object };
  /** The worker is registered with pg-boss. */
  working?: boolean;
}

/**
 * Background jobs on PostgreSQL (pg-boss 10), so that the API stays stateless: queues, schedules and their locks
 * live in the `pgboss` schema of the application's database, and every instance may run the workers:
 * - a scheduled job runs once whatever the number of instances: each cron tick is a single job (pg-boss takes the
 *   cron turn with a conditional UPDATE and inserts the job under a singleton key per minute), and a job is fetched
 *   by one worker only (SELECT … FOR UPDATE SKIP LOCKED);
 * - started once Nest has built every module (after the migrations, which main.ts runs first), stopped first on
 *   shutdown, letting the running handlers finish before the database pool closes;
 * - off when `jobsEnabled` is not true (tests, instances that should only serve requests): registrations are kept
 *   and `send` refuses.
 * Modules register in `onModuleInit`: `work(name, handler)`, `schedule(name, cron)`; both apply when pg-boss starts.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly registrations = new Map<string, Registration>();
  private boss: PgBoss | undefined;
  private starting: Promise<void> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether this instance runs background jobs. */
  get enabled(): boolean {
    return this.config.jobsEnabled === true;
  }

  /** Whether pg-boss is started on this instance. */
  get running(): boolean {
    return this.boss !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) {
      this.logger.log('Tâches de fond désactivées sur cette instance (JOBS_ENABLED=false).');
      return;
    }
    this.starting = this.start();
    await this.starting;
  }

  async onModuleDestroy(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    // Graceful: no new fetch, running handlers get up to 20 s to finish, then pg-boss closes its own pool.
    await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  /** Handles the jobs of a queue (at most one at a time per instance). */
  async work<T extends object>(name: string, handler: JobHandler<T>, settings: QueueSettings = {}): Promise<void> {
    const registration = this.register(name, settings);
    if (registration.handler) throw new Error(`Tâche « ${name} » : un traitement est déjà enregistré.`);
    registration.handler = handler as JobHandler;
    if (this.boss) await this.apply(this.boss, name, registration);
  }

  /** Sends a job on a cron (5 fields, Europe/Paris by default); one job per tick across every instance. */
  async schedule(name: string, cron: string, options: { tz?: string; data?: object } = {}): Promise<void> {
    const registration = this.register(name, {});
    registration.schedule = { cron, tz: options.tz ?? JOBS_TIME_ZONE, data: options.data ?? {} };
    if (this.boss) await this.apply(this.boss, name, registration);
  }

  /** Queues a job now; null when jobs are off on this instance (the caller then runs the work itself). */
  async send(name: string, data: object, options: { singletonKey?: string } = {}): Promise<string | null> {
    await this.starting;
    if (!this.boss) return null;
    if (!this.registrations.has(name)) throw new Error(`Tâche « ${name} » inconnue : enregistrez-la d'abord.`);
    return this.boss.send(name, data, options);
  }

  private register(name: string, settings: QueueSettings): Registration {
    if (!/^[\w-]+$/.test(name)) throw new Error(`Nom de tâche invalide : « ${name} » (lettres, chiffres, - et _).`);
    const registration = this.registrations.get(name) ?? { settings: {} };
    registration.settings = { ...registration.settings, ...settings };
    this.registrations.set(name, registration);
    return registration;
  }

  private async start(): Promise<void> {
    const seconds = this.config.jobsPollingSeconds;
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      ssl: this.config.databaseSsl ? { rejectUnauthorized: true } : undefined,
      schema: JOBS_SCHEMA,
      application_name: 'esms-jobs',
      max: 4,
      ...(seconds === undefined
        ? {}
        : { cronMonitorIntervalSeconds: seconds, cronWorkerIntervalSeconds: seconds, maintenanceIntervalSeconds: Math.max(seconds, 1) }),
    });
    boss.on('error', (error: Error) => this.logger.error(`Tâches de fond : ${error.message}`));
    await boss.start();
    this.boss = boss;
    for (const [name, registration] of this.registrations) await this.apply(boss, name, registration);
    this.logger.log(
      `Tâches de fond démarrées (pg-boss, schéma « ${JOBS_SCHEMA} ») : ${[...this.registrations.keys()].join(', ') || 'aucune'}.`,
    );
  }

  private async apply(boss: PgBoss, name: string, registration: Registration): Promise<void> {
    const { expireInMinutes, retryLimit, retryDelaySeconds } = registration.settings;
    await boss.createQueue(name, {
      name,
      ...(expireInMinutes === undefined ? {} : { expireInSeconds: expireInMinutes * 60 }),
      ...(retryLimit === undefined ? {} : { retryLimit }),
      ...(retryDelaySeconds === undefined ? {} : { retryDelay: retryDelaySeconds }),
    });
    const handler = registration.handler;
    if (handler && !registration.working) {
      registration.working = true;
      const polling = this.config.jobsPollingSeconds;
      await boss.work<object>(name, { batchSize: 1, ...(polling === undefined ? {} : { pollingIntervalSeconds: Math.max(polling / 2, 0.5) }) }, async (jobs) => {
        for (const job of jobs) {
          const started = Date.now();
          try {
            await handler(job.data, { id: job.id, name: job.name });
            this.logger.log(`Tâche « ${name} » terminée en ${Date.now() - started} ms.`);
          } catch (error) {
            this.logger.error(`Tâche « ${name} » en échec : ${(error as Error).message}`);
            throw error;
          }
        }
      });
    }
    if (registration.schedule) {
      const { cron, tz, data } = registration.schedule;
      await boss.schedule(name, cron, data, { tz });
    }
  }
}
