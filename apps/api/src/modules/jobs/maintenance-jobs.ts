import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { JobsService } from './jobs.service';

export const PURGE_SESSIONS_JOB = 'maintenance-purge-sessions';
/** Every night at 3:30 (Paris), away from the working day and from the risk recomputation. */
export const PURGE_SESSIONS_CRON = '30 3 * * *';
/** Ended sessions are kept a day (support: « my session ended at … »), then deleted. */
export const ENDED_SESSION_RETENTION_HOURS = 24;
/** Failed sign-ins count for a minute (login-throttle.service.ts); an hour of them is plenty for diagnosis. */
export const LOGIN_ATTEMPT_RETENTION_MINUTES = 60;

export interface PurgeResult {
  sessions: number;
  loginAttempts: number;
  oidcStates: number;
}

/** Daily housekeeping run through {@link JobsService}: tables that only grow unless someone empties them. */
@Injectable()
export class MaintenanceJobs implements OnModuleInit {
  private readonly logger = new Logger('Jobs');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work(PURGE_SESSIONS_JOB, async () => {
      const result = await this.purgeExpiredSessions(this.config.sessionIdleMinutes);
      this.logger.log(
        `Purge : ${result.sessions} session(s) terminée(s), ${result.loginAttempts} tentative(s) de connexion, ${result.oidcStates} état(s) ProConnect supprimés.`,
      );
    });
    await this.jobs.schedule(PURGE_SESSIONS_JOB, PURGE_SESSIONS_CRON);
  }

  /**
   * Deletes the sessions ended (expired, revoked or idle past the idle timeout) for more than a day, the failed
   * sign-ins older than an hour and the ProConnect sign-ins left unfinished. Live sessions are never touched.
   */
  async purgeExpiredSessions(idleMinutes = 30): Promise<PurgeResult> {
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers a DELETE with [rows, affected count].
      const [, sessions] = await manager.query<[unknown[], number]>(
        `DELETE FROM user_session
          WHERE LEAST(expires_at, coalesce(revoked_at, 'infinity'), last_seen_at + make_interval(mins => $2))
                < now() - make_interval(hours => $1)`,
        [ENDED_SESSION_RETENTION_HOURS, idleMinutes],
      );
      const [, loginAttempts] = await manager.query<[unknown[], number]>(
        `DELETE FROM login_attempt WHERE attempted_at < now() - make_interval(mins => $1)`,
        [LOGIN_ATTEMPT_RETENTION_MINUTES],
      );
      const [, oidcStates] = await manager.query<[unknown[], number]>(`DELETE FROM oidc_login_state WHERE expires_at < now()`);
      return { sessions, loginAttempts, oidcStates };
    });
  }
}
