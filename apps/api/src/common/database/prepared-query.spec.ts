import type { DataSource } from 'typeorm';

import { MAX_PREPARED_STATEMENTS, PreparedQueries, statementName } from './prepared-query';

/** A DataSource whose pg pool records what it is sent. */
function fakeDataSource(): {
  dataSource: DataSource;
  sent: { name?: string; text: string; values: unknown[] }[];
} {
  const sent: { name?: string; text: string; values: unknown[] }[] = [];
  const master = {
    query: (config: { name?: string; text: string; values: unknown[] }) => {
      sent.push(config);
      return Promise.resolve({ rows: [{ echoed: config.values[0] }] });
    },
  };
  return { dataSource: { driver: { master } } as unknown as DataSource, sent };
}

describe('PreparedQueries', () => {
  it('names a statement after its text: same text, same name; another text, another name', () => {
    expect(statementName('SELECT 1')).toBe(statementName('SELECT 1'));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
    expect(statementName('SELECT 1')).toMatch(/^esms_[0-9a-f]{20}$/);
  });

  it('sends each text under its name with its values, and answers the rows', async () => {
    const { dataSource, sent } = fakeDataSource();
    const prepared = new PreparedQueries(dataSource);
    expect(await prepared.query('SELECT $1::int AS echoed', [7])).toEqual([{ echoed: 7 }]);
    await prepared.query('SELECT $1::int AS echoed', [8]);
    expect(sent).toEqual([
      { name: statementName('SELECT $1::int AS echoed'), text: 'SELECT $1::int AS echoed', values: [7] },
      { name: statementName('SELECT $1::int AS echoed'), text: 'SELECT $1::int AS echoed', values: [8] },
    ]);
  });

  it(`prepares at most ${MAX_PREPARED_STATEMENTS} texts; past them a new text runs unprepared, the known ones stay prepared`, async () => {
    const { dataSource, sent } = fakeDataSource();
    const prepared = new PreparedQueries(dataSource);
    for (let index = 0; index < MAX_PREPARED_STATEMENTS; index++) await prepared.query(`SELECT ${index}`, []);
    await prepared.query('SELECT -1', []);
    await prepared.query('SELECT 0', []);
    expect(sent.at(-2)).toEqual({ text: 'SELECT -1', values: [] });
    expect(sent.at(-1)).toEqual({ name: statementName('SELECT 0'), text: 'SELECT 0', values: [] });
  });

  it('says so in French when the database is not connected', async () => {
    const prepared = new PreparedQueries({ driver: {} } as unknown as DataSource);
    await expect(prepared.query('SELECT 1', [])).rejects.toThrow('Base de données non connectée.');
  });
});
