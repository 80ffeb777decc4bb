import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'oui'].includes(normalised)) return true;
  if (['false', '0', 'no', 'non', ''].includes(normalised)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const DEFAULT_EMBEDDED_PG_DIR = '.data/postgres';
const blankToDefaultPgDir = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? DEFAULT_EMBEDDED_PG_DIR : value;

/**
 * Environment variables, validated at boot. Every variable is documented in apps/api/.env.example.
 * Property names are the variables' names so that error messages name what the operator must fix.
 */
export class EnvironmentVariables {
  @Transform(trim)
  @IsIn(NODE_ENVS, { message: 'NODE_ENV doit valoir development, production ou test' })
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt({ message: 'PORT doit être un entier entre 1 et 65535' })
  @Min(1, { message: 'PORT doit être un entier entre 1 et 65535' })
  @Max(65535, { message: 'PORT doit être un entier entre 1 et 65535' })
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL doit être une URL PostgreSQL (postgres://utilisateur:motdepasse@hôte:5432/base)',
  })
  DATABASE_URL?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'DATABASE_SSL doit valoir true ou false' })
  DATABASE_SSL = false;

  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_SIZE doit être un entier entre 1 et 100' })
  @Min(1, { message: 'DATABASE_POOL_SIZE doit être un entier entre 1 et 100' })
  @Max(100, { message: 'DATABASE_POOL_SIZE doit être un entier entre 1 et 100' })
  DATABASE_POOL_SIZE = 10;

  // A blank folder would be the current one: it means the default, like a blank DATABASE_URL means none.
  @Transform(blankToDefaultPgDir)
  @IsString()
  EMBEDDED_PG_DIR = DEFAULT_EMBEDDED_PG_DIR;

  @Transform(toInt)
  @IsInt({ message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  @Min(1024, { message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  @Max(65535, { message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  EMBEDDED_PG_PORT = 54329;

  @Transform(trim)
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL doit valoir ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'LOG_PRETTY doit valoir true ou false' })
  LOG_PRETTY = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_IDLE_MINUTES doit être un entier entre 1 et 720' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES doit être un entier entre 1 et 720' })
  @Max(720, { message: 'SESSION_IDLE_MINUTES doit être un entier entre 1 et 720' })
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_MAX_HOURS doit être un entier entre 1 et 168' })
  @Min(1, { message: 'SESSION_MAX_HOURS doit être un entier entre 1 et 168' })
  @Max(168, { message: 'SESSION_MAX_HOURS doit être un entier entre 1 et 168' })
  SESSION_MAX_HOURS = 12;

  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_SECONDS doit être un entier entre 1 et 600' })
  @Min(1, { message: 'SHUTDOWN_TIMEOUT_SECONDS doit être un entier entre 1 et 600' })
  @Max(600, { message: 'SHUTDOWN_TIMEOUT_SECONDS doit être un entier entre 1 et 600' })
  SHUTDOWN_TIMEOUT_SECONDS = 25;

  @Transform(emptyToUndefined)
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'COOKIE_SECURE doit valoir true ou false' })
  COOKIE_SECURE?: boolean;

  @Transform(emptyToUndefined)
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'SEED_DEMO doit valoir true ou false' })
  SEED_DEMO?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: "OIDC_ISSUER doit être l'URL du fournisseur d'identité (https://…)" })
  OIDC_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_REDIRECT_URI doit être une URL (https://…/api/auth/oidc/callback)' })
  OIDC_REDIRECT_URI?: string;

  @IsString()
  OIDC_SCOPES = 'openid email given_name usual_name siret';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_ACR_VALUES?: string;

  @IsIn(['client_secret_post', 'client_secret_basic'], {
    message: 'OIDC_TOKEN_AUTH doit valoir client_secret_post ou client_secret_basic',
  })
  OIDC_TOKEN_AUTH: 'client_secret_post' | 'client_secret_basic' = 'client_secret_post';

  @IsString()
  OIDC_LABEL = 'ProConnect';

  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_MB doit être un entier entre 1 et 100' })
  @Min(1, { message: 'IMPORT_MAX_MB doit être un entier entre 1 et 100' })
  @Max(100, { message: 'IMPORT_MAX_MB doit être un entier entre 1 et 100' })
  IMPORT_MAX_MB = 5;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL doit être une URL SMTP (smtp://utilisateur:motdepasse@hôte:587 ou smtps://…:465)',
  })
  SMTP_URL?: string;

  @Transform(trim)
  @Matches(/^(?:[^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+>?$/, {
    message: 'MAIL_FROM doit être une adresse e-mail, éventuellement précédée d’un nom (Nom <adresse@domaine.fr>)',
  })
  MAIL_FROM = 'Pilotage ESMS numérique <ne-pas-repondre@esms-numerique.localhost>';

  @Transform(toBool)
  @IsBoolean({ message: 'JOBS_ENABLED doit valoir true ou false' })
  JOBS_ENABLED = true;

  // Unset or blank: pg-boss's own rhythm (schedules checked every 30 s, queues polled every 2 s), right for production.
  @Transform((parameters) => toInt({ value: emptyToUndefined(parameters) }))
  @IsOptional()
  @IsInt({ message: 'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45' })
  @Min(1, { message: 'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45' })
  @Max(45, { message: 'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45' })
  JOBS_POLLING_SECONDS?: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The typed configuration the application runs with. */
export interface AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  /** Set once the database is known: the configured server, or the embedded one. */
  databaseUrl: string;
  databaseSsl: boolean;
  databasePoolSize: number;
  embedded: { dir: string; port: number };
  logLevel: (typeof LOG_LEVELS)[number];
  logPretty: boolean;
  /** Folder of the built web app served on the same port; undefined to serve the API alone. */
  webDistDir?: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Secure cookies (HTTPS only): on by default in production. */
  cookieSecure: boolean;
  /** ProConnect-compatible sign-in; undefined when not configured. */
  oidc?: OidcSettings;
  /** Largest file accepted by the imports (CSV, XLSX), in bytes; 5 Mo when undefined. */
  importMaxBytes?: number;
  /** SMTP server of the outgoing e-mails; undefined: e-mails are written to the log instead (dev, demo). */
  smtpUrl?: string;
  /** Sender of the outgoing e-mails (defaults to « Pilotage ESMS numérique <ne-pas-repondre@…> »). */
  mailFrom?: string;
  /**
   * Background jobs (pg-boss: scheduled reports, daily recomputations and clean-ups). Off when false or undefined
   * (tests, or an instance that should only serve requests); other instances on the same database run them once.
   */
  jobsEnabled?: boolean;
  /**
   * Seconds between pg-boss's checks of the schedules and polls of the queues (JOBS_POLLING_SECONDS; undefined:
   * pg-boss's defaults, 30 s and 2 s). Shortened by the tests so that a scheduled job runs within a second of its slot.
   */
  jobsPollingSeconds?: number;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
  acrValues?: string;
  tokenAuthMethod: 'client_secret_post' | 'client_secret_basic';
  label: string;
}

/** OIDC settings from the environment: all of issuer, client id and secret, or none (then OIDC is off). */
export function readOidcSettings(env: EnvironmentVariables): OidcSettings | undefined {
  const parts = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (parts.every((part) => part === undefined)) return undefined;
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) {
    throw new ConfigError('Configuration invalide : OIDC_ISSUER, OIDC_CLIENT_ID et OIDC_CLIENT_SECRET vont ensemble (tous ou aucun).');
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    redirectUri: env.OIDC_REDIRECT_URI ?? `http://localhost:${env.PORT}/api/auth/oidc/callback`,
    scopes: env.OIDC_SCOPES,
    acrValues: env.OIDC_ACR_VALUES,
    tokenAuthMethod: env.OIDC_TOKEN_AUTH,
    label: env.OIDC_LABEL,
  };
}

/** A received value for an error message: on one line, without a password or a secret. */
function shownValue(variable: string, value: string): string {
  if (/SECRET|PASSWORD/i.test(variable)) return '***';
  return value
    .replace(/^((?:[a-z][\w+.-]*:\/\/)?[^:/?#@\s]*:)[^/?#\s]*@/i, '$1***@')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\p{Cc}/gu, ' ');
}

/** Reads and validates the environment; throws a {@link ConfigError} with one French line naming every fault. */
export function readEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const known = Object.fromEntries(
    Object.keys(new EnvironmentVariables()).concat(
      'DATABASE_URL',
      'WEB_DIST_DIR',
      'COOKIE_SECURE',
      'SEED_DEMO',
      'OIDC_ISSUER',
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_REDIRECT_URI',
      'OIDC_ACR_VALUES',
      'SMTP_URL',
      'JOBS_POLLING_SECONDS',
    ).map((key) => [key, env[key]]),
  );
  const defined = Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined));
  const variables = plainToInstance(EnvironmentVariables, defined);
  const errors = validateSync(variables, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const faults = errors.map((error) => {
      // The value as the operator wrote it (not as converted: "99999999999999999999" is not 1e20).
      const raw = known[error.property] ?? (error.value === undefined ? undefined : String(error.value));
      const received = raw === undefined ? '' : ` (reçu « ${shownValue(error.property, raw)} »)`;
      return `${Object.values(error.constraints ?? {})[0] ?? `${error.property} est invalide`}${received}`;
    });
    throw new ConfigError(`Configuration invalide : ${faults.join(' ; ')}.`);
  }
  return variables;
}

/** Short description of a database URL for logs, without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    // Without a host (`user:secret@db/base` read as a scheme and a path), the rest would show the password.
    if (!parsed.hostname) return 'URL illisible';
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'URL illisible';
  }
}
