import { parisDay, pgQueryable, refreshAllRisks } from './risk-engine';

interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface SeedRisk {
  projectId: string | null;
  regionCode: string | null;
  title: string;
  description: string;
  probability: number;
  impact: number;
  owner: string;
  mitigation: string | null;
  status: 'OUVERT' | 'EN_TRAITEMENT' | 'CLOS';
  reviewOn: string | null;
}

/**
 * Demo data of the risk feature, run by the programme seed inside its transaction: computes every project's risk
 * score (and its alerts) as of today, then adds a few register risks — one at programme level, one on the riskiest
 * project of Bretagne, one regional in Occitanie, one regional in La Réunion. They are written without audit rows, so that the seed's audit
 * chain stays the deterministic history it generates; every later change to them is audited by the API.
 */
export async function seedRisks(client: PgClient, asOf: string = parisDay()): Promise<{ projects: number; registerRisks: number }> {
  const db = pgQueryable(client);
  const { projects } = await refreshAllRisks(db, asOf);
  const riskiest = await db.query<{ id: string; code: string; region_code: string }[]>(
    `SELECT p.id, p.code, p.region_code FROM project_risk pr JOIN project p ON p.id = pr.project_id
      WHERE p.region_code = '53' ORDER BY pr.score DESC, p.code LIMIT 1`,
  );
  const review = (days: number): string => {
    const date = new Date(`${asOf}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  };
  const risks: SeedRisk[] = [
    {
      projectId: null,
      regionCode: null,
      title: 'Retard de référencement Ségur vague 2 chez plusieurs éditeurs',
      description:
        'Plusieurs éditeurs de DUI annoncent un référencement Ségur vague 2 après l’échéance des cibles d’usage : la tranche 2 des grappes concernées serait bloquée.',
      probability: 3,
      impact: 4,
      owner: 'Pôle programme ESMS numérique (CNSA)',
      mitigation: 'Point mensuel avec l’ANS sur le calendrier de référencement ; liste des grappes exposées transmise aux ARS.',
      status: 'EN_TRAITEMENT',
      reviewOn: review(30),
    },
    {
      projectId: null,
      regionCode: '76',
      title: 'Sous-consommation de l’enveloppe régionale',
      description: 'Peu de dossiers déposés dans les départements ruraux : l’enveloppe régionale risque de ne pas être engagée avant la fin de la campagne.',
      probability: 2,
      impact: 3,
      owner: 'ARS Occitanie — direction de l’autonomie',
      mitigation: 'Relance des organismes gestionnaires ; transfert possible vers une autre ARS à étudier en fin d’année.',
      status: 'OUVERT',
      reviewOn: review(45),
    },
    {
      projectId: null,
      regionCode: '04',
      title: 'Disponibilité des éditeurs de DUI à La Réunion',
      description: 'Peu d’éditeurs interviennent sur l’île : un retard de l’un d’eux décalerait plusieurs grappes à la fois.',
      probability: 2,
      impact: 2,
      owner: 'ARS La Réunion — pôle médico-social',
      mitigation: 'Appui du GCS TESIS aux porteurs ; calendrier de déploiement partagé avec les éditeurs.',
      status: 'OUVERT',
      reviewOn: review(60),
    },
  ];
  const first = riskiest[0];
  if (first) {
    risks.push({
      projectId: first.id,
      regionCode: first.region_code,
      title: `Jalons en retard sur le projet ${first.code}`,
      description: 'Le déploiement du DUI prend du retard sur plusieurs ESSMS de la grappe ; les cibles d’usage pourraient ne pas être atteintes à l’échéance.',
      probability: 3,
      impact: 3,
      owner: 'ARS Bretagne — chargé de mission numérique',
      mitigation: 'Comité de suivi mensuel avec le porteur et l’éditeur.',
      status: 'OUVERT',
      reviewOn: review(15),
    });
  }
  for (const risk of risks) {
    await client.query(
      `INSERT INTO risk (project_id, region_code, title, description, probability, impact, owner, mitigation, status, review_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [risk.projectId, risk.regionCode, risk.title, risk.description, risk.probability, risk.impact, risk.owner, risk.mitigation, risk.status, risk.reviewOn],
    );
  }
  return { projects, registerRisks: risks.length };
}
