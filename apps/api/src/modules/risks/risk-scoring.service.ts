import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { JobsService } from '../jobs/jobs.service';
import { computeRisks, parisDay, refreshAllRisks, storeRisks } from './risk-engine';

export const RISK_DAILY_JOB = 'risk-daily-refresh';
/** Every night at 2:15 (Paris): the days late, the deadlines and the staleness move with the calendar. */
export const RISK_DAILY_CRON = '15 2 * * *';

/**
 * Keeps `project_risk` and `project_risk_daily` up to date: `refreshProject` inside the transaction of every write
 * that changes a project's inputs (milestones, project, members, payments), `refreshAll` every night.
 */
@Injectable()
export class RiskScoringService implements OnModuleInit {
  private readonly logger = new Logger('Risques');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work(RISK_DAILY_JOB, async () => {
      const result = await this.refreshAll();
      this.logger.log(
        `Recalcul des risques : ${result.projects} projet(s), ${result.raised} risque(s) aggravé(s), ${result.envelopeAlerts} enveloppe(s) sous-consommée(s).`,
      );
    });
    await this.jobs.schedule(RISK_DAILY_JOB, RISK_DAILY_CRON);
  }

  /**
   * Recomputes one project's score inside the caller's transaction (call it after the write, before the commit),
   * and raises its alerts. `user` is who made the change (not recorded: the score is derived data).
   */
  async refreshProject(manager: EntityManager, projectId: string, user: Pick<CurrentUser, 'id'> | null = null): Promise<void> {
    void user;
    const asOf = parisDay();
    await storeRisks(manager, await computeRisks(manager, [projectId], asOf), asOf);
  }

  /** Recomputes every project and the envelope alerts as of `asOf` (Europe/Paris day), in one transaction. */
  async refreshAll(asOf: string = parisDay()): Promise<{ projects: number; raised: number; envelopeAlerts: number }> {
    return this.dataSource.transaction((manager) => refreshAllRisks(manager, asOf));
  }
}
