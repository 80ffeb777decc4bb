import 'reflect-metadata';

import { Client } from 'pg';

import { ConfigError, describeDatabaseUrl, readEnvironment } from '../../config/app-config';
import { runMigrations } from '../data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../embedded-postgres';
import { seedDemoAccounts } from './demo-accounts';
import { describeSeed, seedProgramme, SeedRefusedError } from './programme-seed';
import { SeedScale } from './seed-generator';

/**
 * `npm run seed -- --scale demo|france [--reset] [--factor 0.1]` (through tools/scripts/seed.mjs): loads a data set
 * on DATABASE_URL, or on the embedded PostgreSQL of `npm start` (.data/postgres) when it is not set, after the
 * migrations and the demo accounts. Prints one French line with the counts and the time taken.
 */

const USAGE = 'Usage : npm run seed -- --scale demo|france [--reset] [--factor 0.1]';

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

interface Arguments {
  scale: SeedScale;
  reset: boolean;
  factor: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  let scale: string | undefined;
  let reset = false;
  let factor = 1;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    const [name, inline] = argument.split('=', 2) as [string, string | undefined];
    const value = (): string => inline ?? argv[++index] ?? '';
    if (name === '--scale') scale = value();
    else if (name === '--reset') reset = true;
    else if (name === '--factor') factor = Number(value());
    else if (name === '--help' || name === '-h') {
      write(USAGE);
      process.exit(0);
    } else fail(`Argument inconnu « ${argument} ». ${USAGE}`, 2);
  }
  if (scale !== 'demo' && scale !== 'france')
    fail(`Échelle « ${scale ?? ''} » inconnue : demo ou france. ${USAGE}`, 2);
  if (!(factor > 0 && factor <= 1))
    fail(`Facteur « ${String(factor)} » invalide : un nombre entre 0 (exclu) et 1. ${USAGE}`, 2);
  return { scale, reset, factor };
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const seconds = (ms: number): string =>
  `${(ms / 1000).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  let env;
  try {
    env = readEnvironment(process.env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (env.NODE_ENV === 'production')
    fail(
      'Jeu de données refusé : NODE_ENV=production. Les données synthétiques ne vont jamais en production.',
    );

  const started = Date.now();
  let embedded: EmbeddedDatabase | undefined;
  let stopping = false;
  const stopEmbedded = async (): Promise<void> => {
    stopping = true;
    await embedded?.stop().catch(() => undefined);
  };
  let url = env.DATABASE_URL;
  if (url === undefined) {
    const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/esms`;
    if (await reachable(embeddedUrl)) {
      url = embeddedUrl;
      write(`Base de données : PostgreSQL embarqué déjà démarré (port ${env.EMBEDDED_PG_PORT}).`);
    } else {
      // Once the server is being stopped, its own clients' « connection terminated » messages are expected noise.
      embedded = await startEmbeddedPostgres({
        dataDir: env.EMBEDDED_PG_DIR,
        port: env.EMBEDDED_PG_PORT,
        log: (line) => {
          if (!stopping) process.stderr.write(`${line}\n`);
        },
      });
      url = embedded.url;
      write(
        `Base de données : PostgreSQL embarqué, données dans ${embedded.dataDir} (port ${env.EMBEDDED_PG_PORT}).`,
      );
    }
  } else {
    write(`Base de données : serveur PostgreSQL ${describeDatabaseUrl(url)} (DATABASE_URL).`);
  }
  try {
    const applied = await runMigrations({ url, ssl: env.DATABASE_SSL });
    if (applied.length > 0) write(`Migrations appliquées : ${applied.join(', ')}.`);
    await seedDemoAccounts(url, env.NODE_ENV);
    const result = await seedProgramme(url, {
      scale: args.scale,
      factor: args.factor,
      reset: args.reset,
      nodeEnv: env.NODE_ENV,
    });
    const { timings } = result;
    write(
      `Jeu de données « ${args.scale} »${args.factor === 1 ? '' : ` (facteur ${args.factor})`} chargé en ${seconds(timings.total)} ` +
        `(génération ${seconds(timings.generation)}, insertions ${seconds(timings.inserts)}, journal d'audit ${seconds(timings.audit)}) : ${describeSeed(result)}.`,
    );
    write(
      `Durée totale de la commande (démarrage, migrations et comptes compris) : ${seconds(Date.now() - started)}.`,
    );
  } catch (error) {
    await stopEmbedded();
    fail(
      error instanceof SeedRefusedError
        ? error.message
        : `Jeu de données non chargé : ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await stopEmbedded();
}

main().catch((error: unknown) =>
  fail(`Jeu de données non chargé : ${error instanceof Error ? error.message : String(error)}`),
);
