import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { dayInParis } from '../dashboard/dashboard-queries';
import { PENDING_MILESTONE_STATUSES, TRACKED_STATUSES } from '../projects/project-rules';
import { neutralise } from './report-format';

/**
 * Open data: aggregates per region and campaign, without any personal data (no name of a person, no project or
 * ESSMS row): counts and amounts only. CSV in the usual open-data dialect (UTF-8, comma, decimal point, ISO dates)
 * described by a Table Schema (frictionless, https://specs.frictionlessdata.io/table-schema/).
 */
export interface OpenDataField {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'integer' | 'number' | 'date';
  constraints?: Record<string, unknown>;
}

export const OPEN_DATA_FIELDS: readonly OpenDataField[] = [
  { name: 'region_code', title: 'Code région', description: 'Code INSEE de la région.', type: 'string', constraints: { required: true, pattern: '^[0-9]{2}$' } },
  { name: 'region_nom', title: 'Région', description: 'Nom de la région.', type: 'string', constraints: { required: true } },
  { name: 'campagne', title: 'Campagne', description: "Année de la campagne de l'appel à projets.", type: 'integer', constraints: { required: true, minimum: 2021 } },
  { name: 'projets_deposes', title: 'Projets déposés', description: 'Projets de la campagne dans la région, quel que soit leur statut.', type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'projets_retenus', title: 'Projets retenus', description: 'Projets retenus (hors déposés, refusés et abandonnés).', type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'essms_embarques', title: 'ESSMS embarqués', description: 'ESSMS distincts membres actifs des projets retenus.', type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'montant_delegue_eur', title: 'Enveloppe déléguée (€)', description: "Enveloppes déléguées à l'ARS pour les projets (ligne projets), en euros.", type: 'number', constraints: { required: true } },
  { name: 'montant_engage_eur', title: 'Engagé (€)', description: 'Montants engagés sur les projets de la région (règles du tableau de bord), en euros.', type: 'number', constraints: { required: true } },
  { name: 'montant_verse_eur', title: 'Versé (€)', description: 'Tranches versées (y compris celles dont la récupération est demandée), en euros.', type: 'number', constraints: { required: true } },
  { name: 'jalons', title: 'Jalons', description: 'Jalons des projets retenus.', type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'jalons_valides', title: 'Jalons validés', description: "Jalons validés par l'ARS ou la CNSA.", type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'jalons_en_retard', title: 'Jalons en retard', description: 'Échéance passée, jalon ni validé ni non atteint, projet en cours.', type: 'integer', constraints: { required: true, minimum: 0 } },
  { name: 'date_extraction', title: "Date d'extraction", description: 'Jour de la situation (heure de Paris).', type: 'date', constraints: { required: true } },
];

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

export const OPEN_DATA_SQL = `WITH pr AS (
    SELECT p.id, p.region_code, p.campaign_year, p.status, p.granted_cents,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.status IN ('VERSE', 'RECUPERATION_DEMANDEE')), 0) AS paid,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.status = 'ANNULE'), 0) AS cancelled
      FROM project p LEFT JOIN payment pa ON pa.project_id = p.id
     GROUP BY p.id
  ),
  figures AS (
    SELECT region_code, campaign_year, count(*) AS submitted,
           count(*) FILTER (WHERE status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE')) AS retained,
           sum(CASE WHEN status = 'DEPOSE' THEN 0 WHEN status IN ('REFUSE', 'ABANDONNE') THEN paid
                    ELSE coalesce(granted_cents, 0) - cancelled END) AS committed,
           sum(paid) AS paid
      FROM pr GROUP BY region_code, campaign_year
  ),
  ms AS (
    SELECT p.region_code, p.campaign_year, count(*) AS total,
           count(*) FILTER (WHERE m.status IN ('VALIDE_ARS', 'VALIDE_CNSA')) AS validated,
           count(*) FILTER (WHERE m.status IN (${sqlList(PENDING_MILESTONE_STATUSES)}) AND m.due_on < $1::date AND p.status IN (${sqlList(TRACKED_STATUSES)})) AS late
      FROM milestone m JOIN project p ON p.id = m.project_id
     WHERE p.status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE')
     GROUP BY p.region_code, p.campaign_year
  ),
  onboard AS (
    SELECT p.region_code, p.campaign_year, count(DISTINCT pm.essms_id) AS essms
      FROM project_member pm JOIN project p ON p.id = pm.project_id
     WHERE pm.live AND p.status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE')
     GROUP BY p.region_code, p.campaign_year
  ),
  env AS (
    SELECT region_code, campaign_year, sum(delegated_cents) AS delegated
      FROM envelope WHERE holder_kind = 'ARS' AND line = 'PROJETS' GROUP BY region_code, campaign_year
  )
  SELECT r.code, r.name, c.year::int AS campaign, coalesce(f.submitted, 0)::int AS submitted, coalesce(f.retained, 0)::int AS retained,
         coalesce(o.essms, 0)::int AS essms, coalesce(e.delegated, 0)::text AS delegated, coalesce(f.committed, 0)::text AS committed,
         coalesce(f.paid, 0)::text AS paid, coalesce(ms.total, 0)::int AS milestones, coalesce(ms.validated, 0)::int AS validated,
         coalesce(ms.late, 0)::int AS late
    FROM region r CROSS JOIN campaign c
    LEFT JOIN figures f ON f.region_code = r.code AND f.campaign_year = c.year
    LEFT JOIN ms ON ms.region_code = r.code AND ms.campaign_year = c.year
    LEFT JOIN onboard o ON o.region_code = r.code AND o.campaign_year = c.year
    LEFT JOIN env e ON e.region_code = r.code AND e.campaign_year = c.year
   ORDER BY c.year, r.code`;

interface OpenDataRow {
  code: string;
  name: string;
  campaign: number;
  submitted: number;
  retained: number;
  essms: number;
  delegated: string;
  committed: string;
  paid: string;
  milestones: number;
  validated: number;
  late: number;
}

/** Cents as a decimal number of euros with a point (`123456` → `1234.56`), exact. */
export function decimalEuros(cents: string): string {
  const negative = cents.startsWith('-');
  const digits = (negative ? cents.slice(1) : cents).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
}

function field(value: string): string {
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

@Injectable()
export class OpenDataService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async aggregatesCsv(): Promise<string> {
    const today = dayInParis();
    const rows = await this.dataSource.query<OpenDataRow[]>(OPEN_DATA_SQL, [today]);
    const lines = [OPEN_DATA_FIELDS.map((f) => f.name).join(',')];
    for (const row of rows)
      lines.push(
        [
          row.code,
          field(row.name),
          row.campaign,
          row.submitted,
          row.retained,
          row.essms,
          decimalEuros(row.delegated),
          decimalEuros(row.committed),
          decimalEuros(row.paid),
          row.milestones,
          row.validated,
          row.late,
          today,
        ].join(','),
      );
    return `${lines.join('\r\n')}\r\n`;
  }

  /** The Table Schema of the CSV (fields, types, constraints, primary key). */
  schema(): Record<string, unknown> {
    return {
      $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
      name: 'esms-numerique-agregats-region-campagne',
      title: 'Programme ESMS numérique — agrégats par région et par campagne',
      description:
        "Projets, ESSMS embarqués, montants délégués, engagés et versés, jalons, par région et par campagne de l'appel à projets. Aucune donnée personnelle. Une ligne par région et par campagne. CSV UTF-8, séparateur virgule, point décimal, dates AAAA-MM-JJ.",
      fields: OPEN_DATA_FIELDS.map((f) => ({ ...f, ...(f.type === 'number' ? { decimalChar: '.' } : {}), ...(f.type === 'date' ? { format: 'default' } : {}) })),
      primaryKey: ['region_code', 'campagne'],
      missingValues: [''],
    };
  }
}
