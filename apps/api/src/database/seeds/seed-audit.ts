import { Client } from 'pg';

import { canonicalJson } from '../../modules/audit/canonical-json';
import { auditHash, GENESIS_HASH } from '../../modules/audit/audit.service';
import { copyFrom, copyText } from './pg-copy';
import {
  AuditEvent,
  capacityStep,
  capacityUpdateMoment,
  initialCapacity,
  SeedDataset,
} from './seed-generator';

/** One audit row as AuditService writes it (changes in canonical form), before its hash. */
interface PendingRow {
  at: number;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  regionCode: string | null;
  changes: unknown;
}

const CHUNK_CHARACTERS = 1 << 20;

/**
 * The history of the data set in time order: the events of the generator, merged with the monthly FINESS capacity
 * updates that complete it at large scales (computed on the fly, never all held in memory).
 */
function* historyRows(dataset: SeedDataset): Generator<PendingRow> {
  const events = [...dataset.events].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const updates = dataset.capacityUpdates;
  const positions = updates?.essms.length ?? 0;
  const current = new Int32Array(positions);
  if (updates) {
    for (const [position, index] of updates.essms.entries()) {
      const perEssms = Math.floor(updates.count / positions) + (position < updates.count % positions ? 1 : 0);
      current[position] = initialCapacity(dataset.essms[index]?.capacity ?? 0, index, perEssms);
    }
  }
  let next = 0;
  let update = 0;
  const fromEvent = (event: AuditEvent): PendingRow => ({
    at: event.at,
    actorId: event.actor.id,
    actorEmail: event.actor.email,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    regionCode: event.regionCode,
    changes: event.changes,
  });
  while (next < events.length || (updates !== null && update < updates.count)) {
    const event = events[next];
    const updateAt =
      updates !== null && update < updates.count
        ? capacityUpdateMoment(updates, update)
        : Number.POSITIVE_INFINITY;
    if (event && event.at <= updateAt) {
      next += 1;
      yield fromEvent(event);
      continue;
    }
    if (!updates) break;
    const position = update % positions;
    const index = updates.essms[position] ?? 0;
    const essms = dataset.essms[index];
    const before = current[position] ?? 0;
    const after = before + capacityStep(index, Math.floor(update / positions));
    current[position] = after;
    update += 1;
    yield {
      at: updateAt,
      actorId: null,
      actorEmail: null,
      action: 'essms.update',
      entityType: 'essms',
      entityId: essms?.id ?? '',
      regionCode: essms?.regionCode ?? null,
      changes: {
        capacity: { before, after },
        source: { before: null, after: 'Mise à jour mensuelle du répertoire FINESS' },
      },
    };
  }
}

/**
 * Writes the history to audit_log with a valid hash chain (the same {@link auditHash} as AuditService), continuing
 * from the last row already there, with COPY in 1 MiB chunks. Takes the chain's advisory lock as AuditService does.
 */
export async function writeAuditLog(
  client: Client,
  dataset: SeedDataset,
): Promise<{ rows: number; lastHash: string }> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('audit_log_chain'))`);
  const last = await client.query<{ hash: string }>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  let previous = last.rows[0]?.hash ?? GENESIS_HASH;
  let rows = 0;
  function* chunks(): Generator<string> {
    let buffer = '';
    for (const row of historyRows(dataset)) {
      const changesText = canonicalJson(row.changes);
      const changes = JSON.parse(changesText) as unknown;
      const occurredAt = new Date(row.at);
      const hash = auditHash({
        prev_hash: previous,
        occurred_at: occurredAt,
        actor_id: row.actorId,
        actor_email: row.actorEmail,
        action: row.action,
        entity_type: row.entityType,
        entity_id: row.entityId,
        region_code: row.regionCode,
        changes,
      });
      buffer += `${occurredAt.toISOString()}\t${copyText(row.actorId)}\t${copyText(row.actorEmail)}\t${copyText(row.action)}\t${copyText(
        row.entityType,
      )}\t${copyText(row.entityId)}\t${copyText(row.regionCode)}\t${copyText(changesText)}\t${previous}\t${hash}\n`;
      previous = hash;
      rows += 1;
      if (buffer.length >= CHUNK_CHARACTERS) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer.length > 0) yield buffer;
  }
  await copyFrom(
    client,
    `COPY audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, region_code, changes, prev_hash, hash) FROM STDIN`,
    chunks(),
  );
  return { rows, lastHash: previous };
}
