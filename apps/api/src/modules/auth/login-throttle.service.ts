import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';

export const MAX_FAILED_ATTEMPTS = 5;
export const THROTTLE_WINDOW_SECONDS = 60;

/**
 * Sign-in throttling shared by every API instance: each attempt is written first, then the attempts of the last
 * minute are counted, per account and per address; past five, the request gets 429 without its password being
 * checked. A successful sign-in removes its own attempt rows, so only failures count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an attempt for each key and refuses when one of them is over the limit. Returns the row ids. */
  async enter(keys: string[]): Promise<string[]> {
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO login_attempt (throttle_key) SELECT unnest($1::varchar[]) RETURNING id`,
      [keys],
    );
    const counts = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM login_attempt
        WHERE throttle_key = ANY($1::varchar[]) AND attempted_at > now() - make_interval(secs => $2)
        GROUP BY throttle_key`,
      [keys, THROTTLE_WINDOW_SECONDS],
    );
    if (Math.random() < 0.02) {
      await this.dataSource.query(`DELETE FROM login_attempt WHERE attempted_at < now() - interval '1 hour'`);
    }
    if (counts.some((row) => Number(row.count) > MAX_FAILED_ATTEMPTS)) {
      throw new DomainException(
        'TOO_MANY_REQUESTS',
        'Trop de tentatives de connexion en une minute : patientez une minute avant de réessayer.',
      );
    }
    return inserted.map((row) => row.id);
  }

  /** Forgets the attempt rows of a successful sign-in. */
  async succeeded(ids: string[]): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_attempt WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
