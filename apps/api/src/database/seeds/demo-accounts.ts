import * as argon2 from 'argon2';
import type { Role } from '@esms/domain';
import { Client } from 'pg';

/** Password of every demo account (README). Demo accounts exist only in demo mode, never in production. */
export const DEMO_PASSWORD = 'Demo-ESMS-2025!';

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  gradesCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@cnsa.demo', displayName: 'Administratrice CNSA (démo)', role: 'CNSA_ADMIN' },
  { email: 'analyste@cnsa.demo', displayName: 'Analyste CNSA (démo)', role: 'CNSA_ANALYST' },
  { email: 'auditeur@cnsa.demo', displayName: 'Auditeur (démo)', role: 'AUDITOR' },
  { email: 'ars.bretagne@ars.demo', displayName: 'Chargée de mission ARS Bretagne (démo)', role: 'ARS_OFFICER', regionCode: '53' },
  { email: 'ars.occitanie@ars.demo', displayName: 'Chargé de mission ARS Occitanie (démo)', role: 'ARS_OFFICER', regionCode: '76' },
  { email: 'ars.reunion@ars.demo', displayName: 'Chargée de mission ARS La Réunion (démo)', role: 'ARS_OFFICER', regionCode: '04' },
  { email: 'grades.tesis@grades.demo', displayName: 'Membre du GCS TESIS (démo)', role: 'GRADES_MEMBER', gradesCode: 'tesis' },
];

/**
 * Creates the demo accounts that are missing (existing ones are left as they are). Refused on a production
 * configuration: the caller checks NODE_ENV, and this function checks it again.
 */
export async function seedDemoAccounts(databaseUrl: string, nodeEnv: string): Promise<number> {
  if (nodeEnv === 'production') {
    throw new Error('Les comptes de démonstration sont refusés quand NODE_ENV=production.');
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    let created = 0;
    for (const account of DEMO_ACCOUNTS) {
      const kind = account.regionCode ? 'ARS' : account.gradesCode ? 'GRADES' : 'CNSA';
      const result = await client.query(
        `INSERT INTO app_user (email, display_name, password_hash, role, organisation_kind, region_code, grades_id)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM grades WHERE code = $7))
         ON CONFLICT (email) DO NOTHING`,
        [account.email, account.displayName, hash, account.role, kind, account.regionCode ?? null, account.gradesCode ?? null],
      );
      created += result.rowCount ?? 0;
    }
    return created;
  } finally {
    await client.end();
  }
}
