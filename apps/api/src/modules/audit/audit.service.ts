import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  regionCode: string | null;
  changes: FieldChanges | Record<string, unknown>;
}

interface StoredRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  region_code: string | null;
  changes: unknown;
  prev_hash: string;
  hash: string;
}

export type ChainCheck = { ok: true; rows: number; lastHash: string } | { ok: false; rows: number; brokenAt: string; reason: string };

/** The hash of an audit row: SHA-256 of the previous hash and the row's content in canonical JSON. */
export function auditHash(row: Omit<StoredRow, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        row.prev_hash,
        row.occurred_at.toISOString(),
        row.actor_id,
        row.actor_email,
        row.action,
        row.entity_type,
        row.entity_id,
        row.region_code,
        row.changes,
      ]),
    )
    .digest('hex');
}

/** Field-level differences between two versions of a record (only the fields that changed). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const previous = before?.[key] ?? null;
    const next = after?.[key] ?? null;
    if (canonicalJson(previous) !== canonicalJson(next)) changes[key] = { before: previous, after: next };
  }
  return changes;
}

/**
 * Append-only audit log, written in the same transaction as the change it records. Rows are chained: each
 * carries the hash of the previous one, so that an edit or a deletion made outside the application is found
 * by {@link AuditService.verify}. Writers take a transaction-level advisory lock so that the chain stays linear
 * across API instances.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: Pick<CurrentUser, 'id' | 'email'> | null, entry: AuditEntry): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit_log_chain'))`);
    const last = await manager.query<{ hash: string }[]>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const row = {
      prev_hash: last[0]?.hash ?? GENESIS_HASH,
      occurred_at: new Date(),
      actor_id: actor?.id ?? null,
      actor_email: actor?.email ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      region_code: entry.regionCode,
      changes: JSON.parse(canonicalJson(entry.changes)) as unknown,
    };
    await manager.query(
      `INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, region_code, changes, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.occurred_at,
        row.actor_id,
        row.actor_email,
        row.action,
        row.entity_type,
        row.entity_id,
        row.region_code,
        JSON.stringify(row.changes),
        row.prev_hash,
        auditHash(row),
      ],
    );
  }

  /**
   * Records several entries in one go (a bulk step on 25 milestones, the 100 milestones a decision re-plans): the
   * chain lock and the last hash are read once, the rows are chained in the given order and inserted by one
   * statement per 1 000 rows. Same rows as {@link record} called for each entry, in far fewer round trips.
   */
  async recordMany(manager: EntityManager, actor: Pick<CurrentUser, 'id' | 'email'> | null, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit_log_chain'))`);
    const last = await manager.query<{ hash: string }[]>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    let previous = last[0]?.hash ?? GENESIS_HASH;
    const occurredAt = new Date();
    const CHUNK = 1000;
    for (let start = 0; start < entries.length; start += CHUNK) {
      const params: unknown[] = [];
      const values: string[] = [];
      for (const entry of entries.slice(start, start + CHUNK)) {
        const row = {
          prev_hash: previous,
          occurred_at: occurredAt,
          actor_id: actor?.id ?? null,
          actor_email: actor?.email ?? null,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          region_code: entry.regionCode,
          changes: JSON.parse(canonicalJson(entry.changes)) as unknown,
        };
        const hash = auditHash(row);
        const base = params.length;
        values.push(`(${Array.from({ length: 10 }, (_, index) => `$${base + index + 1}`).join(', ')})`);
        params.push(
          row.occurred_at,
          row.actor_id,
          row.actor_email,
          row.action,
          row.entity_type,
          row.entity_id,
          row.region_code,
          JSON.stringify(row.changes),
          row.prev_hash,
          hash,
        );
        previous = hash;
      }
      // Identity values follow the VALUES order: the chain reads in id order.
      await manager.query(
        `INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, region_code, changes, prev_hash, hash)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  /** Recomputes the whole chain in id order, in batches; names the first row whose hash or link is wrong. */
  async verify(batchSize = 10000): Promise<ChainCheck> {
    let previous = GENESIS_HASH;
    let afterId = '0';
    let rows = 0;
    for (;;) {
      const batch = await this.dataSource.query<StoredRow[]>(
        `SELECT id, occurred_at, actor_id, actor_email, action, entity_type, entity_id, region_code, changes, prev_hash, hash
           FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
        [afterId, batchSize],
      );
      for (const row of batch) {
        rows += 1;
        if (row.prev_hash !== previous) {
          return { ok: false, rows, brokenAt: row.id, reason: `la ligne ${row.id} ne suit pas la précédente (ligne supprimée ou insérée)` };
        }
        if (auditHash(row) !== row.hash) {
          return { ok: false, rows, brokenAt: row.id, reason: `le contenu de la ligne ${row.id} a été modifié après son écriture` };
        }
        previous = row.hash;
        afterId = row.id;
      }
      if (batch.length < batchSize) return { ok: true, rows, lastHash: previous };
    }
  }
}
