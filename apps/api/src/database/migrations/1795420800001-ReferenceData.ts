import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data of the programme (../shared/domain.md): the 18 regions and their ARS, the 17 GRADeS and the
 * regions they serve, the ESSMS categories in scope with their sector, the campaigns 2021–2025 with their
 * instruction and thresholds. Written once by this migration; the CNSA edits it afterwards in the product.
 */
const REGIONS: readonly [code: string, name: string, territory: string][] = [
  ['84', 'Auvergne-Rhône-Alpes', 'metropole'],
  ['27', 'Bourgogne-Franche-Comté', 'metropole'],
  ['53', 'Bretagne', 'metropole'],
  ['24', 'Centre-Val de Loire', 'metropole'],
  ['94', 'Corse', 'corse'],
  ['44', 'Grand Est', 'metropole'],
  ['32', 'Hauts-de-France', 'metropole'],
  ['11', 'Île-de-France', 'metropole'],
  ['28', 'Normandie', 'metropole'],
  ['75', 'Nouvelle-Aquitaine', 'metropole'],
  ['76', 'Occitanie', 'metropole'],
  ['52', 'Pays de la Loire', 'metropole'],
  ['93', "Provence-Alpes-Côte d'Azur", 'metropole'],
  ['01', 'Guadeloupe', 'outre_mer'],
  ['02', 'Martinique', 'outre_mer'],
  ['03', 'Guyane', 'outre_mer'],
  ['04', 'La Réunion', 'outre_mer'],
  ['06', 'Mayotte', 'outre_mer'],
];

const GRADES: readonly [code: string, name: string, legalForm: string | null, regions: string[]][] = [
  ['sara', 'GCS SARA', 'GCS', ['84']],
  ['bfc', 'GRADeS BFC', null, ['27']],
  ['bretagne', 'GCS e-Santé Bretagne', 'GCS', ['53']],
  ['cvl', 'e-Santé Centre-Val de Loire', null, ['24']],
  ['corse', 'GIP Corse e-santé', 'GIP', ['94']],
  ['pulsy', 'GIP Pulsy', 'GIP', ['44']],
  ['hdf', 'GIP Sant& Numérique Hauts-de-France', 'GIP', ['32']],
  ['sesan', 'GIP SESAN', 'GIP', ['11']],
  ['normandie', "GCS Normand'e-santé", 'GCS', ['28']],
  ['esea', 'GIP ESEA', 'GIP', ['75']],
  ['occitanie', 'GIP e-santé Occitanie', 'GIP', ['76']],
  ['pdl', 'e-santé Pays de la Loire', null, ['52']],
  ['iess', 'ieSS (Innovation e-santé Sud)', null, ['93']],
  ['guadeloupe', 'GRADeS Guadeloupe', null, ['01']],
  ['martinique', 'GRADeS Martinique', null, ['02']],
  ['guyane', 'GRADeS Guyane', null, ['03']],
  ['tesis', 'GCS TESIS', 'GCS', ['04', '06']],
];

const CATEGORIES: readonly [code: string, label: string, sector: string][] = [
  ['500', "Établissement d'hébergement pour personnes âgées dépendantes (EHPAD)", 'PA'],
  ['501', 'Établissement d’hébergement pour personnes âgées (EHPA) percevant des crédits d’assurance maladie', 'PA'],
  ['502', 'Établissement d’hébergement pour personnes âgées (EHPA) ne percevant pas de crédits d’assurance maladie', 'PA'],
  ['202', 'Résidence autonomie', 'PA'],
  ['207', 'Centre de jour pour personnes âgées', 'PA'],
  ['354', 'Service de soins infirmiers à domicile (SSIAD)', 'DOMICILE'],
  ['460', "Service d'aide et d'accompagnement à domicile (SAAD)", 'DOMICILE'],
  ['209', "Service autonomie à domicile (SAAS, ex-SPASAD)", 'DOMICILE'],
  ['182', "Service d'éducation spéciale et de soins à domicile (SESSAD)", 'PH_ENFANTS'],
  ['183', 'Institut médico-éducatif (IME)', 'PH_ENFANTS'],
  ['186', 'Institut thérapeutique, éducatif et pédagogique (ITEP)', 'PH_ENFANTS'],
  ['188', 'Établissement pour enfants ou adolescents polyhandicapés', 'PH_ENFANTS'],
  ['189', 'Centre médico-psycho-pédagogique (CMPP)', 'PH_ENFANTS'],
  ['190', "Centre d'action médico-sociale précoce (CAMSP)", 'PH_ENFANTS'],
  ['192', "Institut d'éducation motrice (IEM)", 'PH_ENFANTS'],
  ['194', 'Institut pour déficients visuels', 'PH_ENFANTS'],
  ['195', 'Institut pour déficients auditifs', 'PH_ENFANTS'],
  ['196', "Institut d'éducation sensorielle pour enfants sourds-aveugles", 'PH_ENFANTS'],
  ['246', "Établissement et service d'accompagnement par le travail (ESAT)", 'PH_ADULTES'],
  ['252', "Foyer d'hébergement pour adultes handicapés", 'PH_ADULTES'],
  ['255', "Maison d'accueil spécialisée (MAS)", 'PH_ADULTES'],
  ['382', 'Foyer de vie pour adultes handicapés', 'PH_ADULTES'],
  ['437', "Foyer d'accueil médicalisé (FAM)", 'PH_ADULTES'],
  ['448', "Établissement d'accueil médicalisé (EAM)", 'PH_ADULTES'],
  ['449', "Établissement d'accueil non médicalisé (EANM)", 'PH_ADULTES'],
  ['445', "Service d'accompagnement médico-social pour adultes handicapés (SAMSAH)", 'PH_ADULTES'],
  ['446', "Service d'accompagnement à la vie sociale (SAVS)", 'PH_ADULTES'],
  ['177', "Maison d'enfants à caractère social (MECS)", 'PROTECTION_ENFANCE'],
  ['175', "Foyer de l'enfance", 'PROTECTION_ENFANCE'],
  ['295', 'Service d’action éducative en milieu ouvert et à domicile (AEMO / AED)', 'PROTECTION_ENFANCE'],
  ['214', "Centre d'hébergement et de réinsertion sociale (CHRS)", 'AHI'],
  ['443', "Centre d'accueil de demandeurs d'asile (CADA)", 'AHI'],
  ['258', 'Pension de famille (maison relais)', 'AHI'],
  ['197', "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA)", 'DIFFICULTES_SPECIFIQUES'],
  ['178', "Centre d'accueil et d'accompagnement à la réduction des risques pour usagers de drogues (CAARUD)", 'DIFFICULTES_SPECIFIQUES'],
  ['165', 'Appartement de coordination thérapeutique (ACT)', 'DIFFICULTES_SPECIFIQUES'],
  ['180', 'Lits halte soins santé (LHSS)', 'DIFFICULTES_SPECIFIQUES'],
  ['340', 'Service mandataire judiciaire à la protection des majeurs', 'PJM'],
  ['341', 'Service délégué aux prestations familiales', 'PJM'],
];

type CampaignRow = [
  year: number,
  label: string,
  phase: string,
  reference: string | null,
  date: string | null,
  amendedBy: string | null,
  minMetropole: number,
  minReduced: number,
  nationalFrom: number | null,
  regionalMax: number | null,
  minOrganisations: number | null,
];

const CAMPAIGNS: readonly CampaignRow[] = [
  [2021, 'Amorçage 2021', 'amorcage', null, null, null, 15, 15, null, 49, 3],
  [2022, 'Généralisation 2022', 'generalisation', 'DNS/CNSA/DGCS/2022/34', '2022-02-08', null, 15, 8, 50, null, null],
  [2023, 'Généralisation 2023', 'generalisation', 'DGCS/DNS/CNSA/2023/13', '2023-01-16', null, 15, 8, 50, null, null],
  [2024, 'Généralisation 2024', 'generalisation', 'DNS/DGCS/CNSA/2024/15', '2024-02-01', null, 15, 8, 50, null, null],
  [
    2025,
    'Généralisation 2025',
    'generalisation',
    'DNS/DGCS/CNSA/2025/40',
    '2025-04-16',
    'DNS/DGCS/CNSA/2025/100 du 2 septembre 2025',
    15,
    8,
    50,
    null,
    null,
  ],
];

export class ReferenceData1795420800001 implements MigrationInterface {
  name = 'ReferenceData1795420800001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [code, name, territory] of REGIONS) {
      await queryRunner.query(`INSERT INTO "region" ("code", "name", "ars_name", "territory") VALUES ($1, $2, $3, $4)`, [
        code,
        name,
        `ARS ${name}`,
        territory,
      ]);
    }
    for (const [code, name, legalForm, regions] of GRADES) {
      const [{ id }] = (await queryRunner.query(
        `INSERT INTO "grades" ("code", "name", "legal_form") VALUES ($1, $2, $3) RETURNING "id"`,
        [code, name, legalForm],
      )) as [{ id: number }];
      for (const region of regions) {
        await queryRunner.query(`INSERT INTO "region_grades" ("region_code", "grades_id") VALUES ($1, $2)`, [region, id]);
      }
    }
    for (const [code, label, sector] of CATEGORIES) {
      await queryRunner.query(`INSERT INTO "essms_category" ("code", "label", "sector") VALUES ($1, $2, $3)`, [
        code,
        label,
        sector,
      ]);
    }
    for (const row of CAMPAIGNS) {
      await queryRunner.query(
        `INSERT INTO "campaign" ("year", "label", "phase", "instruction_reference", "instruction_date", "amended_by",
           "min_essms_metropole", "min_essms_reduced", "national_call_min_essms", "regional_call_max_essms",
           "min_organisations", "tranche1_percent")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 50)`,
        [...row],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "campaign" WHERE "year" BETWEEN 2021 AND 2025`);
    await queryRunner.query(`DELETE FROM "essms_category" WHERE "code" = ANY($1)`, [CATEGORIES.map(([code]) => code)]);
    await queryRunner.query(`DELETE FROM "grades" WHERE "code" = ANY($1)`, [GRADES.map(([code]) => code)]);
    await queryRunner.query(`DELETE FROM "region" WHERE "code" = ANY($1)`, [REGIONS.map(([code]) => code)]);
  }
}
