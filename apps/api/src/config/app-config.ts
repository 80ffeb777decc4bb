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

/**
 * Environment variables, validated at boot. Every variable is documented in apps/api/.env.example.
 * Property names are the variables' names so that error messages name what the operator must fix.
 */
export class EnvironmentVariables {
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

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt({ message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  @Min(1024, { message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  @Max(65535, { message: 'EMBEDDED_PG_PORT doit être un entier entre 1024 et 65535' })
  EMBEDDED_PG_PORT = 54329;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL doit valoir ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'LOG_PRETTY doit valoir true ou false' })
  LOG_PRETTY = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;
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
}

/** Reads and validates the environment; throws a {@link ConfigError} with one French line naming every fault. */
export function readEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const known = Object.fromEntries(
    Object.keys(new EnvironmentVariables()).concat('DATABASE_URL', 'WEB_DIST_DIR').map((key) => [key, env[key]]),
  );
  const defined = Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined));
  const variables = plainToInstance(EnvironmentVariables, defined);
  const errors = validateSync(variables, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const faults = errors.map((error) => {
      const received = (error.value as unknown) === undefined ? '' : ` (reçu « ${String(error.value)} »)`;
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
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'URL illisible';
  }
}
