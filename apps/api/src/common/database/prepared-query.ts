import { createHash } from 'node:crypto';

import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/** Statements prepared per connection at most; past it, a new text runs unprepared (planned each time). */
export const MAX_PREPARED_STATEMENTS = 200;

/** A statement's name on the connections: derived from its text, so that one name never means two texts. */
export function statementName(text: string): string {
  return `esms_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

/**
 * Runs the statements of the hottest read paths (the session of every signed-in request, the dashboard snapshot
 * lookup) as named prepared statements on TypeORM's own pg pool: PostgreSQL parses and plans each text once per
 * connection instead of once per request (planning the session statement costs several times its execution), and
 * the call skips TypeORM's query runner. Same pool, same connections, same errors as `DataSource.query` minus
 * TypeORM's wrapping (the error filter reads pg's codes either way). Only for statements whose text is fixed in the
 * code (values always as parameters): the names are kept for the process, at most {@link MAX_PREPARED_STATEMENTS}.
 */
export class PreparedQueries {
  private readonly names = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) throw new Error('Base de données non connectée.');
    return pool;
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED_STATEMENTS) return known;
    const name = statementName(text);
    this.names.set(text, name);
    return name;
  }

  async query<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    const name = this.nameOf(text);
    const result = await this.pool.query<T>(name === undefined ? { text, values } : { name, text, values });
    return result.rows;
  }
}
