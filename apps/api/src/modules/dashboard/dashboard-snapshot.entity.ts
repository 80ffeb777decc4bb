import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A computed dashboard payload, kept in PostgreSQL (an UNLOGGED table: a cache, lost without harm on a crash) so
 * that every API instance shares it and none keeps state in memory. A snapshot is served only while its `stamp`
 * still matches: the last audit row's hash (every write of the programme's records appends one, in its own
 * transaction) and the day in Europe/Paris (lateness changes at midnight); and for at most a minute whatever
 * happens (a change made outside the application). See dashboard-queries.ts.
 */
@Entity({ name: 'dashboard_snapshot' })
export class DashboardSnapshotEntity {
  /** `v1|FR|2024|*|*` (payload version, national or region code, campaign, call type, sector). */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  /** The region of a regional dashboard (scoping of the lookup); null for the national one. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 120 })
  stamp: string;

  @Column({ type: 'json' })
  payload: unknown;

  /** The same JSON, gzip-compressed once (about a fifth of its size), sent to the clients that accept gzip. */
  @Column({ type: 'bytea' })
  payloadGzip: Buffer;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
