import 'reflect-metadata';

import { existsSync } from 'node:fs';
import path from 'node:path';

import { Client } from 'pg';

import { AppConfig, ConfigError, describeDatabaseUrl, OidcSettings, readEnvironment, readOidcSettings } from './config/app-config';
import { createApp } from './create-app';
import { runMigrations } from './database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { seedDemoAccounts } from './database/seeds/demo-accounts';
import { describeSeed, seedDemoProgrammeIfEmpty } from './database/seeds/programme-seed';

function info(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Stops the process with one clear line, without a stack trace. */
function fail(message: string): never {
  process.stderr.write(`Démarrage impossible — ${message}\n`);
  process.exit(1);
}

function findWebDist(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [path.resolve(configured)]
    : [path.resolve('dist/apps/web/browser'), path.resolve(__dirname, '../web/browser')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

async function checkDatabase(url: string, ssl: boolean): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, ssl: ssl ? { rejectUnauthorized: true } : false });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  let env;
  let oidc: OidcSettings | undefined;
  try {
    env = readEnvironment(process.env);
    oidc = readOidcSettings(env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (env.SEED_DEMO === true && env.NODE_ENV === 'production') {
    fail('SEED_DEMO=true est refusé quand NODE_ENV=production : les comptes de démonstration ne vont jamais en production.');
  }

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl === undefined) {
    if (env.NODE_ENV === 'production') {
      fail('DATABASE_URL est obligatoire en production (la base embarquée ne sert qu’à la démonstration et au développement).');
    }
    try {
      embedded = await startEmbeddedPostgres({
        dataDir: env.EMBEDDED_PG_DIR,
        port: env.EMBEDDED_PG_PORT,
        log: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (error) {
      fail(`la base PostgreSQL embarquée n'a pas pu démarrer (${env.EMBEDDED_PG_DIR}, port ${env.EMBEDDED_PG_PORT}) : ${String(error)}`);
    }
    databaseUrl = embedded.url;
    info(`Base de données : PostgreSQL embarqué, données dans ${embedded.dataDir} (port ${env.EMBEDDED_PG_PORT}).`);
  } else {
    info(`Base de données : serveur PostgreSQL ${describeDatabaseUrl(databaseUrl)} (DATABASE_URL).`);
  }

  const stopEmbedded = async (): Promise<void> => {
    await embedded?.stop().catch(() => undefined);
  };

  try {
    await checkDatabase(databaseUrl, env.DATABASE_SSL);
  } catch (error) {
    await stopEmbedded();
    fail(`base de données injoignable (${describeDatabaseUrl(databaseUrl)}) : ${(error as Error).message || String(error)}.`);
  }

  try {
    const applied = await runMigrations({ url: databaseUrl, ssl: env.DATABASE_SSL });
    info(applied.length > 0 ? `Migrations appliquées : ${applied.join(', ')}.` : 'Schéma à jour : aucune migration à appliquer.');
  } catch (error) {
    await stopEmbedded();
    fail(`les migrations ont échoué : ${(error as Error).message}.`);
  }

  const demo = env.SEED_DEMO ?? embedded !== undefined;
  if (demo) {
    try {
      const created = await seedDemoAccounts(databaseUrl, env.NODE_ENV);
      info(`Mode démonstration : ${created} compte(s) de démonstration créé(s) (mot de passe dans le README).`);
      const programme = await seedDemoProgrammeIfEmpty(databaseUrl, env.NODE_ENV);
      info(
        programme
          ? `Mode démonstration : jeu de données de démonstration chargé en ${(programme.timings.total / 1000).toFixed(1).replace('.', ',')} s (${describeSeed(programme)}).`
          : 'Mode démonstration : la base contient déjà des données du programme, le jeu de démonstration n’est pas rechargé.',
      );
    } catch (error) {
      await stopEmbedded();
      fail(`les données de démonstration n'ont pas pu être créées : ${(error as Error).message}`);
    }
  }

  const webDistDir = findWebDist(env.WEB_DIST_DIR);
  if (!webDistDir) {
    info("Application web introuvable (lancez « npm run build ») : seule l'API est servie.");
  }
  const config: AppConfig = {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    databaseUrl,
    databaseSsl: env.DATABASE_SSL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    embedded: { dir: env.EMBEDDED_PG_DIR, port: env.EMBEDDED_PG_PORT },
    logLevel: env.LOG_LEVEL,
    logPretty: env.LOG_PRETTY,
    webDistDir,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionMaxHours: env.SESSION_MAX_HOURS,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    oidc,
    importMaxBytes: env.IMPORT_MAX_MB * 1024 * 1024,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    jobsEnabled: env.JOBS_ENABLED,
    jobsPollingSeconds: env.JOBS_POLLING_SECONDS,
  };

  const app = await createApp(config);
  try {
    await app.listen(config.port);
  } catch (error) {
    await app.close().catch(() => undefined);
    await stopEmbedded();
    const code = (error as { code?: string }).code;
    fail(
      code === 'EADDRINUSE'
        ? `le port ${config.port} est déjà utilisé : arrêtez l'autre service ou choisissez un autre PORT.`
        : `le serveur HTTP n'a pas pu écouter sur le port ${config.port} : ${String(error)}`,
    );
  }
  info(`Pilotage ESMS numérique : http://localhost:${config.port}/ (API : /api, documentation : /api/docs).`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    info(`Arrêt demandé (${signal}) : fin des requêtes en cours…`);
    // In-flight requests get SHUTDOWN_TIMEOUT_SECONDS to finish (what an orchestrator's grace period allows);
    // past it the process stops anyway, after PostgreSQL (embedded) has been stopped cleanly.
    const forced = setTimeout(() => {
      info(`Arrêt forcé : des requêtes duraient encore après ${env.SHUTDOWN_TIMEOUT_SECONDS} s.`);
      void stopEmbedded().finally(() => process.exit(1));
    }, env.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    forced.unref();
    await app.close();
    await stopEmbedded();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
