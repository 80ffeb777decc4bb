import { gzipSync } from 'node:zlib';

import type {
  DashboardFilters,
  NationalDashboardResponse,
  RegionalDashboardResponse,
} from '@esms/api-contract';

import { ActivityRow, buildDashboardPayload, CoreRow, EssmsRow } from './dashboard-payload';
import {
  dashboardKey,
  dashboardStatements,
  DashboardSqlInput,
  snapshotLookup,
  snapshotStore,
} from './dashboard-queries';

/**
 * The whole read of a dashboard, free of Nest so that the benchmark runs exactly what the API runs: one lookup of
 * the snapshot (hit: done); else the three statements of aggregates in parallel on the pool, the payload, and its
 * snapshot stored for the next readers. `query` sends one statement (TypeORM's DataSource.query, or pg's Pool).
 */
export type SqlQuery = (text: string, values: unknown[]) => Promise<unknown[]>;

/** Runs `work` in one transaction on one connection, its statements sent through the `query` it is given. */
export type SqlTransaction = <T>(work: (query: SqlQuery) => Promise<T>) => Promise<T>;

/**
 * How concurrent snapshot misses are computed once. Within a process, readers of one key share the computation in
 * flight (`inflight`); across processes (several API instances), the computation runs in a transaction holding
 * `pg_advisory_xact_lock` on the key, and a reader that waited for that lock first looks the snapshot up again.
 * The aggregates then run on the locked connection, one after the other: a computation never waits for another
 * connection of the pool while holding one, so a pool full of misses cannot deadlock.
 */
export interface MissGuard {
  transaction: SqlTransaction;
  inflight: Map<string, Promise<DashboardLoad>>;
}

/** Class of the dashboards' advisory locks (the first key of `pg_advisory_xact_lock(int, int)`). */
export const DASHBOARD_LOCK_CLASS = 7_301;

export type DashboardPayload = NationalDashboardResponse | RegionalDashboardResponse;

/**
 * A payload ready to send, typed with what it holds: the JSON text, or the same gzip-compressed for a client that
 * accepts it. A snapshot is sent as the database keeps it, never parsed, serialised or compressed again per request.
 */
export type EncodedPayload<T> = { readonly __content?: T } & (
  { gzip: false; body: string } | { gzip: true; body: Buffer }
);

export type DashboardLoad =
  | { kind: 'ok'; payload: EncodedPayload<DashboardPayload>; cached: boolean }
  | { kind: 'unknown-campaign'; campaignYears: number[] }
  | { kind: 'not-found' };

interface LookupRow {
  stamp: string;
  payload: string | Buffer | null;
}

export function filtersOf(input: DashboardSqlInput): DashboardFilters {
  return { campaign: input.campaign, callType: input.callType, sector: input.sector };
}

/** The aggregates only (the statements of a cache miss), as the database answers them. */
export async function queryAggregates(
  query: SqlQuery,
  input: DashboardSqlInput,
): Promise<[CoreRow, ActivityRow, EssmsRow]> {
  const [core, activity, essms] = await Promise.all(
    dashboardStatements(input).map((statement) => query(statement.text, statement.values)),
  );
  return [core?.[0] as CoreRow, activity?.[0] as ActivityRow, essms?.[0] as EssmsRow];
}

/** The same statements one after the other, on one connection (a locked transaction's). */
async function queryAggregatesInTurn(query: SqlQuery, input: DashboardSqlInput): Promise<[CoreRow, ActivityRow, EssmsRow]> {
  const rows: unknown[] = [];
  for (const statement of dashboardStatements(input)) rows.push((await query(statement.text, statement.values))[0]);
  return rows as [CoreRow, ActivityRow, EssmsRow];
}

function encoded(body: string | Buffer, gzip: boolean): EncodedPayload<DashboardPayload> {
  if (gzip) return { gzip: true, body: Buffer.isBuffer(body) ? body : gzipSync(body) };
  return { gzip: false, body: Buffer.isBuffer(body) ? body.toString('utf8') : body };
}

/**
 * `gzip`: the client accepts gzip (every browser does); the snapshot then answers its compressed bytes.
 * `guard`: computes a miss once however many readers miss together (see MissGuard); without it (the benchmark's
 * pg side), a miss is computed by each reader, its three statements in parallel on the pool.
 */
export async function loadDashboard(
  query: SqlQuery,
  input: DashboardSqlInput,
  gzip = false,
  now: () => Date = () => new Date(),
  guard?: MissGuard,
): Promise<DashboardLoad> {
  const lookup = snapshotLookup(input, gzip);
  const found = (await query(lookup.text, lookup.values))[0] as LookupRow;
  if (found.payload !== null) return { kind: 'ok', payload: encoded(found.payload, gzip), cached: true };
  if (!guard) return compute(query, input, gzip, now, found.stamp, true);

  const flight = `${dashboardKey(input)}|${JSON.stringify(input.region?.scope ?? null)}|${input.today}|${gzip ? 'gzip' : 'json'}`;
  const running = guard.inflight.get(flight);
  if (running) return running;
  const started = guard
    .transaction(async (locked) => {
      await locked('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [DASHBOARD_LOCK_CLASS, dashboardKey(input)]);
      // Another reader (of this process, or another instance) may have stored it while this one waited.
      const again = (await locked(lookup.text, lookup.values))[0] as LookupRow;
      if (again.payload !== null) return { kind: 'ok', payload: encoded(again.payload, gzip), cached: true } as const;
      return compute(locked, input, gzip, now, again.stamp, false);
    })
    .finally(() => guard.inflight.delete(flight));
  guard.inflight.set(flight, started);
  return started;
}

/** The aggregates, the payload and its snapshot stored under `stamp` (read before computing). */
async function compute(
  query: SqlQuery,
  input: DashboardSqlInput,
  gzip: boolean,
  now: () => Date,
  stamp: string,
  parallel: boolean,
): Promise<DashboardLoad> {
  const generatedAt = now();
  const [core, activity, essms] = parallel ? await queryAggregates(query, input) : await queryAggregatesInTurn(query, input);
  const campaignYears = core.campaign_years ?? [];
  if (input.campaign !== null && !campaignYears.includes(input.campaign))
    return { kind: 'unknown-campaign', campaignYears };
  const payload = buildDashboardPayload(
    { filters: filtersOf(input), today: input.today, generatedAt, regionCode: input.region?.code ?? null },
    core,
    activity,
    essms,
  );
  if (!payload) return { kind: 'not-found' };
  const json = JSON.stringify(payload);
  const compressed = gzipSync(json);
  const store = snapshotStore(input, stamp, json, compressed);
  await query(store.text, store.values);
  return {
    kind: 'ok',
    payload: gzip ? { gzip: true, body: compressed } : { gzip: false, body: json },
    cached: false,
  };
}
