import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

import { Client, Query } from 'pg';

import { copyFrom } from '../seeds/pg-copy';

/**
 * Logical backup and restore of the application's data, with no binary beyond Node and the `pg` driver, so that
 * it works the same on a configured server and on the embedded PostgreSQL 18 of `npm start` (whose package ships
 * no pg_dump, and a Debian pg_dump 15 refuses a newer server).
 *
 * File format (gzip, text, one snapshot of the database taken in a REPEATABLE READ READ ONLY transaction):
 *   ESMS-BACKUP 1
 *   HEADER {"createdAt": …, "serverVersion": …, "migrations": [names in order]}
 *   TABLE {"name": …, "columns": [...]}      then the table's rows in COPY text format, then the line `\.`
 *   …
 *   END {"rows": {table: count}, "auditHead": hash | null}
 *
 * What is left out: the migrations table (the target is migrated to the same list), sessions and login attempts
 * (a restored database must not reopen sessions), and unlogged caches (dashboard snapshots are recomputed).
 */

export const BACKUP_MAGIC = 'ESMS-BACKUP 1';
const EXCLUDED_TABLES = new Set(['typeorm_migrations', 'user_session', 'login_attempt']);
const SESSION_SETTINGS = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
];

export class BackupError extends Error {}

export interface BackupSummary {
  file: string;
  migrations: string[];
  rows: Record<string, number>;
  auditHead: string | null;
}

interface TableInfo {
  name: string;
  columns: string[];
}

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

async function applicationTables(client: Client): Promise<TableInfo[]> {
  const tables = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relpersistence = 'p'
     GROUP BY c.relname
     ORDER BY c.relname`);
  return tables.rows.filter((table) => !EXCLUDED_TABLES.has(table.name));
}

async function appliedMigrations(client: Client): Promise<string[]> {
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('public.typeorm_migrations') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return [];
  const rows = await client.query<{ name: string }>(`SELECT name FROM typeorm_migrations ORDER BY id`);
  return rows.rows.map((row) => row.name);
}

async function auditHead(client: Client): Promise<string | null> {
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('public.audit_log') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return null;
  const head = await client.query<{ hash: string }>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  return head.rows[0]?.hash ?? null;
}

type CopyOutQuery = Query & {
  handleCopyData(message: { chunk: Buffer }, connection: { stream: NodeJS.ReadableStream }): void;
};

/** `COPY … TO STDOUT` into a writable stream, pausing the socket while the sink is full. Resolves with the row count. */
function copyTo(client: Client, sql: string, sink: Writable): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = new Query(sql, (error: Error | undefined, result: { rowCount: number | null }) => {
      if (error) reject(error);
      else resolve(result.rowCount ?? 0);
    }) as CopyOutQuery;
    let paused = false;
    query.handleCopyData = (message, connection) => {
      // The chunk is a view into the driver's receive buffer, which is reused: copy it before queueing it.
      if (!sink.write(Buffer.from(message.chunk)) && !paused) {
        paused = true;
        connection.stream.pause();
        sink.once('drain', () => {
          paused = false;
          connection.stream.resume();
        });
      }
    };
    client.query(query);
  });
}

function writeLine(sink: Writable, line: string): Promise<void> | void {
  if (!sink.write(`${line}\n`)) return once(sink, 'drain').then(() => undefined);
}

/** Writes a backup of the database at `url` to `file` (gzip). */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  const client = new Client({ connectionString: url, application_name: 'pilotage-esms-sauvegarde' });
  await client.connect();
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  try {
    for (const setting of SESSION_SETTINGS) await client.query(setting);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) {
      throw new BackupError("la base ne contient pas le schéma de l'application (aucune migration appliquée).");
    }
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    await writeLine(gzip, BACKUP_MAGIC);
    await writeLine(
      gzip,
      `HEADER ${JSON.stringify({ createdAt: new Date().toISOString(), serverVersion: version.rows[0]?.server_version, migrations })}`,
    );
    const rows: Record<string, number> = {};
    for (const table of await applicationTables(client)) {
      await writeLine(gzip, `TABLE ${JSON.stringify(table)}`);
      const columns = table.columns.map(quote).join(', ');
      rows[table.name] = await copyTo(client, `COPY ${quote(table.name)} (${columns}) TO STDOUT`, gzip);
      await writeLine(gzip, '\\.');
    }
    const head = await auditHead(client);
    await writeLine(gzip, `END ${JSON.stringify({ rows, auditHead: head })}`);
    await client.query('COMMIT');
    gzip.end();
    await written;
    return { file, migrations, rows, auditHead: head };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Reads a backup line by line; `next()` gives the next line or undefined at the end of the file. */
function lineReader(file: string): { next: () => Promise<string | undefined>; close: () => void } {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  return {
    next: async () => {
      const result = await lines.next();
      return result.done ? undefined : result.value;
    },
    close: () => input.destroy(),
  };
}

function parseSection<T>(line: string | undefined, keyword: string): T {
  if (!line?.startsWith(`${keyword} `)) {
    throw new BackupError(`fichier de sauvegarde illisible : « ${keyword} » attendu, « ${(line ?? 'fin du fichier').slice(0, 40)} » trouvé.`);
  }
  return JSON.parse(line.slice(keyword.length + 1)) as T;
}

/**
 * Restores a backup into the database at `url`, which must already be migrated to the same list of migrations
 * (the CLI runs the migrations first). Everything happens in one transaction: the application tables are emptied,
 * refilled by COPY (triggers, including the audit log's append-only guard, are off for this session only:
 * `session_replication_role = replica`, which needs a superuser), identity sequences are moved past the restored
 * ids, and the row counts are checked against the file before COMMIT. A target holding programme data is refused
 * unless `force` is set.
 */
export async function restoreDatabase(url: string, file: string, options: { force?: boolean } = {}): Promise<BackupSummary> {
  const reader = lineReader(file);
  const client = new Client({ connectionString: url, application_name: 'pilotage-esms-restauration' });
  await client.connect();
  try {
    let first: string | undefined;
    try {
      first = await reader.next();
    } catch {
      throw new BackupError("ce fichier n'est pas une sauvegarde de Pilotage ESMS numérique (gzip illisible).");
    }
    if (first !== BACKUP_MAGIC) {
      throw new BackupError("ce fichier n'est pas une sauvegarde de Pilotage ESMS numérique (en-tête inconnu).");
    }
    const header = parseSection<{ migrations: string[] }>(await reader.next(), 'HEADER');
    const targetMigrations = await appliedMigrations(client);
    if (JSON.stringify(targetMigrations) !== JSON.stringify(header.migrations)) {
      throw new BackupError(
        `la sauvegarde vient d'une autre version du schéma (${header.migrations.length} migration(s) dans le fichier, ` +
          `${targetMigrations.length} dans la base cible) : restaurez-la avec la version de l'application qui l'a produite.`,
      );
    }
    const targetTables = await applicationTables(client);
    if (!options.force) {
      const busy = await client.query<{ present: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM project) OR EXISTS (SELECT 1 FROM audit_log) AS present`,
      );
      if (busy.rows[0]?.present) {
        throw new BackupError('la base cible contient déjà des données du programme : ajoutez --force pour les remplacer.');
      }
    }

    for (const setting of SESSION_SETTINGS) await client.query(setting);
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    // Every table but the migrations list is emptied: the data tables, and sessions, login attempts and caches
    // that belong to the database being replaced.
    const existing = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'typeorm_migrations'`,
    );
    if (existing.rows.length > 0) {
      await client.query(`TRUNCATE ${existing.rows.map((row) => quote(row.name)).join(', ')} CASCADE`);
    }

    const restored: Record<string, number> = {};
    const known = new Map(targetTables.map((table) => [table.name, new Set(table.columns)]));
    let line = await reader.next();
    while (line?.startsWith('TABLE ')) {
      const table = parseSection<TableInfo>(line, 'TABLE');
      const columns = known.get(table.name);
      if (!columns || table.columns.some((column) => !columns.has(column))) {
        throw new BackupError(`la table « ${table.name} » de la sauvegarde ne correspond pas au schéma de la base cible.`);
      }
      let ended = false;
      const body = async function* (): AsyncGenerator<string> {
        for (;;) {
          const row = await reader.next();
          if (row === undefined) throw new BackupError(`sauvegarde tronquée dans la table « ${table.name} ».`);
          if (row === '\\.') {
            ended = true;
            return;
          }
          yield `${row}\n`;
        }
      };
      restored[table.name] = await copyFrom(
        client,
        `COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`,
        body(),
      );
      if (!ended) throw new BackupError(`sauvegarde tronquée dans la table « ${table.name} ».`);
      line = await reader.next();
    }
    const trailer = parseSection<{ rows: Record<string, number>; auditHead: string | null }>(line, 'END');
    for (const [name, count] of Object.entries(trailer.rows)) {
      if (restored[name] !== count) {
        throw new BackupError(`table « ${name} » : ${count} ligne(s) attendue(s), ${restored[name] ?? 0} restaurée(s).`);
      }
    }

    const identities = await client.query<{ table_name: string; column_name: string }>(`
      SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`);
    for (const { table_name: table, column_name: column } of identities.rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
        [quote(table), column],
      );
    }
    await client.query('COMMIT');
    return { file, migrations: header.migrations, rows: restored, auditHead: trailer.auditHead };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    reader.close();
    await client.end();
  }
}
