import { ConfigError, describeDatabaseUrl, EnvironmentVariables, readEnvironment } from './app-config';

/** Runs readEnvironment and returns the ConfigError it throws; fails the test when it does not throw one. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`readEnvironment accepted ${JSON.stringify(env)}`);
}

describe('readEnvironment', () => {
  it('gives every default when the environment is empty', () => {
    const env = readEnvironment({});
    expect(env).toBeInstanceOf(EnvironmentVariables);
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_SSL: false,
      DATABASE_POOL_SIZE: 10,
      EMBEDDED_PG_DIR: '.data/postgres',
      EMBEDDED_PG_PORT: 54329,
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.WEB_DIST_DIR).toBeUndefined();
  });

  it('ignores variables it does not know', () => {
    const env = readEnvironment({ HOME: '/root', PATH: '/usr/bin', PORT: '4000' });
    expect(env.PORT).toBe(4000);
    expect(env).not.toHaveProperty('HOME');
    expect(env).not.toHaveProperty('PATH');
  });

  it('keeps the values it is given', () => {
    const env = readEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://esms:secret@db:5432/esms',
      EMBEDDED_PG_DIR: '/var/lib/esms',
      LOG_LEVEL: 'debug',
      WEB_DIST_DIR: 'dist/apps/web/browser',
    });
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://esms:secret@db:5432/esms',
      EMBEDDED_PG_DIR: '/var/lib/esms',
      LOG_LEVEL: 'debug',
      WEB_DIST_DIR: 'dist/apps/web/browser',
    });
  });

  it.each`
    variable                      | raw         | expected
    ${'PORT'}                     | ${'3000'}   | ${3000}
    ${'PORT'}                     | ${' 8080 '} | ${8080}
    ${'PORT'}                     | ${'1'}      | ${1}
    ${'PORT'}                     | ${'65535'}  | ${65535}
    ${'PORT'}                     | ${'08080'}  | ${8080}
    ${'DATABASE_POOL_SIZE'}       | ${'1'}      | ${1}
    ${'DATABASE_POOL_SIZE'}       | ${'100'}    | ${100}
    ${'EMBEDDED_PG_PORT'}         | ${'1024'}   | ${1024}
    ${'EMBEDDED_PG_PORT'}         | ${'\t5433'} | ${5433}
    ${'SHUTDOWN_TIMEOUT_SECONDS'} | ${'60'}     | ${60}
  `(
    'integer $variable="$raw" → $expected',
    ({ variable, raw, expected }: { variable: string; raw: string; expected: number }) => {
      expect(readEnvironment({ [variable]: raw })).toHaveProperty(variable, expected);
    },
  );

  it.each`
    raw         | expected
    ${'true'}   | ${true}
    ${'TRUE'}   | ${true}
    ${' true '} | ${true}
    ${'1'}      | ${true}
    ${'yes'}    | ${true}
    ${'oui'}    | ${true}
    ${'Oui'}    | ${true}
    ${'false'}  | ${false}
    ${'FALSE'}  | ${false}
    ${'0'}      | ${false}
    ${'no'}     | ${false}
    ${'non'}    | ${false}
    ${''}       | ${false}
  `('boolean "$raw" → $expected', ({ raw, expected }: { raw: string; expected: boolean }) => {
    expect(readEnvironment({ DATABASE_SSL: raw }).DATABASE_SSL).toBe(expected);
    expect(readEnvironment({ LOG_PRETTY: raw }).LOG_PRETTY).toBe(expected);
  });

  it.each`
    variable       | raw
    ${'NODE_ENV'}  | ${'development'}
    ${'NODE_ENV'}  | ${'production'}
    ${'NODE_ENV'}  | ${'test'}
    ${'NODE_ENV'}  | ${'production '}
    ${'LOG_LEVEL'} | ${'fatal'}
    ${'LOG_LEVEL'} | ${'silent'}
    ${'LOG_LEVEL'} | ${' warn'}
  `('accepts $variable="$raw"', ({ variable, raw }: { variable: string; raw: string }) => {
    expect(readEnvironment({ [variable]: raw })).toHaveProperty(variable, raw.trim());
  });

  it.each`
    raw
    ${'postgres://esms:secret@db:5432/esms'}
    ${'postgresql://esms@127.0.0.1/esms'}
    ${'postgres://esms:secret@[::1]:6543/esms?sslmode=require'}
  `('accepts the PostgreSQL URL $raw', ({ raw }: { raw: string }) => {
    expect(readEnvironment({ DATABASE_URL: raw }).DATABASE_URL).toBe(raw);
  });

  it.each`
    variable          | raw
    ${'DATABASE_URL'} | ${''}
    ${'DATABASE_URL'} | ${'   '}
    ${'WEB_DIST_DIR'} | ${''}
    ${'WEB_DIST_DIR'} | ${' '}
  `('treats $variable="$raw" as unset', ({ variable, raw }: { variable: string; raw: string }) => {
    const env = readEnvironment({ [variable]: raw });
    expect(env).toHaveProperty(variable, undefined);
  });

  it.each([[''], ['  ']])(
    'treats EMBEDDED_PG_DIR=%j as unset: the default folder, never the current one',
    (raw) => {
      expect(readEnvironment({ EMBEDDED_PG_DIR: raw }).EMBEDDED_PG_DIR).toBe('.data/postgres');
    },
  );

  describe('refuses with one French line naming the variable and the value received', () => {
    it.each`
      variable                | raw
      ${'PORT'}               | ${'abc'}
      ${'PORT'}               | ${'0'}
      ${'PORT'}               | ${'-1'}
      ${'PORT'}               | ${'65536'}
      ${'PORT'}               | ${'3000.5'}
      ${'PORT'}               | ${'3e3'}
      ${'PORT'}               | ${'0x50'}
      ${'PORT'}               | ${'80 80'}
      ${'PORT'}               | ${''}
      ${'PORT'}               | ${'99999999999999999999'}
      ${'DATABASE_POOL_SIZE'} | ${'0'}
      ${'DATABASE_POOL_SIZE'} | ${'101'}
      ${'DATABASE_POOL_SIZE'} | ${'dix'}
      ${'EMBEDDED_PG_PORT'}   | ${'1023'}
      ${'EMBEDDED_PG_PORT'}   | ${'65536'}
      ${'NODE_ENV'}           | ${'prod'}
      ${'NODE_ENV'}           | ${'Production'}
      ${'NODE_ENV'}           | ${''}
      ${'LOG_LEVEL'}          | ${'verbose'}
      ${'LOG_LEVEL'}          | ${'INFO!'}
      ${'DATABASE_SSL'}       | ${'peut-être'}
      ${'DATABASE_SSL'}       | ${'2'}
      ${'LOG_PRETTY'}         | ${'vrai'}
      ${'DATABASE_URL'}       | ${'mysql://esms@db:3306/esms'}
      ${'DATABASE_URL'}       | ${'http://db:5432/esms'}
      ${'DATABASE_URL'}       | ${'db:5432/esms'}
      ${'DATABASE_URL'}       | ${'postgres://'}
      ${'DATABASE_URL'}       | ${'postgres://esms@db /esms'}
    `('$variable="$raw"', ({ variable, raw }: { variable: string; raw: string }) => {
      const error = configError({ [variable]: raw });
      expect(error.name).toBe('ConfigError');
      expect(error.message).toMatch(/^Configuration invalide : /);
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).toContain(variable);
      expect(error.message).toContain(`« ${raw} »`);
      // class-validator's English defaults must not reach the operator.
      expect(error.message).not.toMatch(/\b(must|should)\b/);
    });
  });

  it('names every fault, joined by « ; », in one sentence', () => {
    const error = configError({
      PORT: 'abc',
      LOG_LEVEL: 'verbose',
      DATABASE_SSL: 'peut-être',
      HOME: '/root',
    });
    const faults = error.message
      .replace(/^Configuration invalide : /, '')
      .replace(/\.$/, '')
      .split(' ; ');
    expect(faults).toHaveLength(3);
    expect(faults[0]).toMatch(/^PORT .*« abc »/);
    expect(faults[1]).toMatch(/^DATABASE_SSL .*« peut-être »/);
    expect(faults[2]).toMatch(/^LOG_LEVEL .*« verbose »/);
    expect(error.message).not.toContain('HOME');
  });

  it('does not print the database password it refuses', () => {
    const error = configError({ DATABASE_URL: 'mysql://esms:s3cr3t@db:3306/esms' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('mysql://esms:');
    expect(error.message).toContain('@db:3306/esms');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('keeps to one line when a value holds line breaks', () => {
    const error = configError({ PORT: '80\n80', LOG_LEVEL: 'info\r\nwarn' });
    expect(error.message).toMatch(/^Configuration invalide : /);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('LOG_LEVEL');
  });
});

describe('describeDatabaseUrl', () => {
  it.each`
    url                                                             | described
    ${'postgres://esms:secret@db:5432/esms'}                        | ${'db:5432/esms'}
    ${'postgresql://esms:secret@127.0.0.1/esms'}                    | ${'127.0.0.1:5432/esms'}
    ${'postgres://esms:secret@[::1]:6543/esms?sslmode=require'}     | ${'[::1]:6543/esms'}
    ${'postgres://esms:p%40ss%3Aword@db.example.fr:5433/esms_prod'} | ${'db.example.fr:5433/esms_prod'}
    ${'postgres://esms:p@ss@db/esms'}                               | ${'db:5432/esms'}
  `('$url → $described', ({ url, described }: { url: string; described: string }) => {
    expect(describeDatabaseUrl(url)).toBe(described);
  });

  it.each`
    url
    ${''}
    ${'pas une URL'}
    ${'esms:secret@db/esms'}
    ${'postgres:secret@db/esms'}
    ${'db:5432'}
    ${'postgres://'}
    ${'postgres://esms:secret@/esms?host=/tmp'}
    ${'http://['}
  `('survives garbage: $url', ({ url }: { url: string }) => {
    const described = describeDatabaseUrl(url);
    expect(described).toBe('URL illisible');
    expect(described).not.toContain('secret');
  });

  it('never shows the password nor the user', () => {
    const described = describeDatabaseUrl('postgres://admin:tr3s-secret@db:5432/esms?password=autre-secret');
    expect(described).not.toContain('tr3s-secret');
    expect(described).not.toContain('autre-secret');
    expect(described).not.toContain('admin');
  });
});
