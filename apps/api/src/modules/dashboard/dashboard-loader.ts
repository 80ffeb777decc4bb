import { gzipSync } from 'node:zlib';

import type {
  DashboardFilters,
  NationalDashboardResponse,
  RegionalDashboardResponse,
} from '@esms/api-contract';

import { ActivityRow, buildDashboardPayload, CoreRow, EssmsRow } from './dashboard-payload';
import { dashboardStatements, DashboardSqlInput, snapshotLookup, snapshotStore } from './dashboard-queries';

/**
 * The whole read of a dashboard, free of Nest so that the benchmark runs exactly what the API runs: one lookup of
 * the snapshot (hit: done); else the three statements of aggregates in parallel on the pool, the payload, and its
 * snapshot stored for the next readers. `query` sends one statement (TypeORM's DataSource.query, or pg's Pool).
 */
export type SqlQuery = (text: string, values: unknown[]) => Promise<unknown[]>;

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

function encoded(body: string | Buffer, gzip: boolean): EncodedPayload<DashboardPayload> {
  if (gzip) return { gzip: true, body: Buffer.isBuffer(body) ? body : gzipSync(body) };
  return { gzip: false, body: Buffer.isBuffer(body) ? body.toString('utf8') : body };
}

/** `gzip`: the client accepts gzip (every browser does); the snapshot then answers its compressed bytes. */
export async function loadDashboard(
  query: SqlQuery,
  input: DashboardSqlInput,
  gzip = false,
  now: () => Date = () => new Date(),
): Promise<DashboardLoad> {
  const lookup = snapshotLookup(input, gzip);
  const found = (await query(lookup.text, lookup.values))[0] as LookupRow;
  if (found.payload !== null) return { kind: 'ok', payload: encoded(found.payload, gzip), cached: true };

  const generatedAt = now();
  const [core, activity, essms] = await queryAggregates(query, input);
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
  const store = snapshotStore(input, found.stamp, json, compressed);
  await query(store.text, store.values);
  return {
    kind: 'ok',
    payload: gzip ? { gzip: true, body: compressed } : { gzip: false, body: json },
    cached: false,
  };
}
