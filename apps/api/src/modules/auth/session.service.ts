import { createHash, randomBytes } from 'node:crypto';

import type { OrganisationKind, Role } from '@esms/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { PreparedQueries } from '../../common/database/prepared-query';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A session's idle clock is written at most this often (seconds): see `resolve`. */
export const SESSION_TOUCH_SECONDS = 60;

interface SessionRow {
  session_id: string;
  csrf_token: string;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_kind: OrganisationKind;
  region_code: string | null;
  grades_id: number | null;
  organisation_name: string;
  region_codes: string[] | null;
}

/**
 * Sessions in PostgreSQL: the cookie carries a random token, the table its hash. A session ends after
 * `sessionIdleMinutes` without a request, after `sessionMaxHours` in any case, at sign-out, and at once when the
 * account is deactivated (the user's `active` flag is read with every request).
 */
@Injectable()
export class SessionService {
  /** Every signed-in request runs `resolve`: its statement is prepared once per connection (see PreparedQueries). */
  private readonly prepared: PreparedQueries;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.prepared = new PreparedQueries(dataSource);
  }

  async create(
    userId: string,
    context: { ip?: string; userAgent?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ token: string; csrfToken: string }> {
    const token = newToken();
    const csrfToken = newToken();
    await manager.query(
      `INSERT INTO user_session (id, user_id, csrf_token, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)`,
      [hashToken(token), userId, csrfToken, this.config.sessionMaxHours, context.ip?.slice(0, 64) ?? null, context.userAgent?.slice(0, 300) ?? null],
    );
    return { token, csrfToken };
  }

  /**
   * The user of a live session; null when the session is unknown, ended or idle. The idle clock (`last_seen_at`)
   * is written at most once a minute (`SESSION_TOUCH_SECONDS`): most requests only read, and a read-only statement
   * commits without a WAL flush. A session therefore ends between `sessionIdleMinutes − 1` and `sessionIdleMinutes`
   * after its last request, never later. The conditional UPDATE re-checks `last_seen_at` on the row it locks, so
   * concurrent requests of one session write it once.
   */
  async resolve(token: string): Promise<CurrentUser | null> {
    if (token.length > 100) return null;
    const rows = await this.prepared.query<SessionRow>(
      `WITH live AS (
         SELECT id, user_id, csrf_token FROM user_session
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
            AND last_seen_at > now() - make_interval(mins => $2)
       ), touched AS (
         UPDATE user_session SET last_seen_at = now()
          WHERE id = (SELECT live.id FROM live) AND last_seen_at < now() - make_interval(secs => $3)
         RETURNING id
       )
       SELECT live.id AS session_id, live.csrf_token, u.id, u.email, u.display_name, u.role, u.organisation_kind,
              u.region_code, u.grades_id,
              CASE u.organisation_kind WHEN 'CNSA' THEN 'CNSA' WHEN 'ARS' THEN r.ars_name ELSE g.name END AS organisation_name,
              CASE u.organisation_kind
                WHEN 'ARS' THEN ARRAY[u.region_code]::text[]
                WHEN 'GRADES' THEN (SELECT array_agg(rg.region_code::text ORDER BY rg.region_code) FROM region_grades rg WHERE rg.grades_id = u.grades_id)
              END AS region_codes
         FROM live
         JOIN app_user u ON u.id = live.user_id AND u.active
         LEFT JOIN region r ON r.code = u.region_code
         LEFT JOIN grades g ON g.id = u.grades_id`,
      [hashToken(token), this.config.sessionIdleMinutes, SESSION_TOUCH_SECONDS],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organisationKind: row.organisation_kind,
      organisationName: row.organisation_name,
      regionCode: row.region_code,
      gradesId: row.grades_id,
      scope: row.organisation_kind === 'CNSA' ? { kind: 'national' } : { kind: 'regions', regionCodes: row.region_codes ?? [] },
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every open session of a user (deactivation, role change), inside the caller's transaction. */
  async revokeAllForUser(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
