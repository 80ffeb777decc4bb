import type { ImportIssue } from '@esms/api-contract';
import { formatEuros, type Cents, type SoftwareSituation } from '@esms/domain';

import { readAmount, readFiness, readPositiveInteger, readRegionCode, readSituation, readYear } from '../parsing/cells';
import { normaliseHeader, type ImportRow } from '../parsing/columns';
import { duplicates, readProjectCode, RowReader, type ImportKindSpec } from './kind';

export type ProjectColumn = 'code' | 'campaign' | 'region' | 'name' | 'porteur' | 'software' | 'requested' | 'finess' | 'situation';

/** « Projets et leurs ESSMS »: one line per ESSMS of a project; the project's columns repeat on each of its lines. */
export const PROJECTS_SPEC: ImportKindSpec<ProjectColumn> = {
  kind: 'projects',
  notice: [
    'Import de projets (grappes) et de leurs ESSMS : une ligne par ESSMS membre ; les colonnes du projet se répètent sur chacune de ses lignes.',
    'Un projet sans « Code projet » est créé (« Dossier déposé ») ; il est reconnu à la réimportation par sa campagne, sa région, son porteur et son nom, et n’est donc pas créé deux fois.',
    'Un projet avec son « Code projet » est mis à jour (nom, logiciel, montant demandé, liste exacte de ses ESSMS) tant qu’il est « Dossier déposé » ou « Retenu ».',
    'Les règles de l’outil s’appliquent : seuils d’ESSMS de la campagne, type d’appel, table de financement, FINESS valides, un ESSMS dans un seul projet vivant par campagne, votre région seulement.',
  ],
  columns: [
    { key: 'code', header: 'Code projet', required: false, description: 'Vide pour un nouveau projet ; sinon le code du projet à mettre à jour (AAAA-RR-NNNN).', example: '' },
    { key: 'campaign', header: 'Campagne', required: true, description: 'Année de la campagne, sur quatre chiffres.', example: '2024' },
    { key: 'region', header: 'Région', required: true, description: 'Code INSEE de la région sur deux chiffres (53 : Bretagne). Une ARS n’importe que sa région.', example: '53' },
    { key: 'name', header: 'Nom du projet', required: true, description: 'Nom de la grappe, de 3 à 300 caractères.', example: 'Grappe DUI des EHPAD du Finistère' },
    { key: 'porteur', header: 'FINESS juridique du porteur', required: true, description: 'FINESS juridique (9 caractères) de l’organisme gestionnaire qui porte le projet.', example: '290000017' },
    { key: 'software', header: 'Logiciel DUI', required: false, description: 'Identifiant du logiciel DUI dans le référentiel (facultatif).', example: '' },
    { key: 'requested', header: 'Montant demandé (€)', required: true, description: 'Montant demandé par le porteur, en euros (par exemple 375 000 ou 375000,00).', example: '375000' },
    { key: 'finess', header: 'FINESS géographique', required: true, description: 'FINESS géographique (9 caractères, ou 8 sans la clé) de l’ESSMS membre.', example: '290000025' },
    { key: 'situation', header: 'Situation logicielle', required: true, description: '« Acquisition » d’un DUI ou « Mise en conformité » du DUI existant.', example: 'Acquisition' },
  ],
  examples: [
    {
      code: '',
      campaign: '2024',
      region: '53',
      name: 'Grappe DUI des EHPAD du Finistère',
      porteur: '290000017',
      software: '',
      requested: '375000',
      finess: '290000025',
      situation: 'Acquisition',
    },
  ],
};

export interface ProjectLine {
  line: number;
  code: string | null;
  campaignYear: number;
  regionCode: string;
  name: string;
  porteurFiness: string;
  duiSoftwareId: number | null;
  requestedCents: Cents;
  finess: string;
  situation: SoftwareSituation;
}

/** A project of the file: its lines (one per ESSMS) agreeing on the project's columns. */
export interface ProjectGroup {
  key: string;
  lines: ProjectLine[];
  first: ProjectLine;
}

export function readProjectLine(row: ImportRow<ProjectColumn>): { value?: ProjectLine; issues: ImportIssue[] } {
  const reader = new RowReader(PROJECTS_SPEC, row);
  const code = reader.optional('code', readProjectCode);
  const campaignYear = reader.required('campaign', readYear);
  const regionCode = reader.required('region', readRegionCode);
  const name = reader.text('name', { required: true, min: 3, max: 300 });
  const porteurFiness = reader.required('porteur', readFiness);
  const duiSoftwareId = reader.optional('software', (text) => readPositiveInteger(text, 'L’identifiant du logiciel DUI'));
  const requestedCents = reader.required('requested', readAmount);
  const finess = reader.required('finess', readFiness);
  const situation = reader.required('situation', readSituation);
  if (
    reader.issues.length > 0 ||
    code === undefined ||
    campaignYear === undefined ||
    regionCode === undefined ||
    !name ||
    porteurFiness === undefined ||
    duiSoftwareId === undefined ||
    requestedCents === undefined ||
    finess === undefined ||
    situation === undefined
  ) {
    return { issues: reader.issues };
  }
  return {
    value: { line: row.line, code, campaignYear, regionCode, name, porteurFiness, duiSoftwareId, requestedCents, finess, situation },
    issues: [],
  };
}

const PROJECT_FIELDS: readonly [keyof ProjectLine, ProjectColumn][] = [
  ['campaignYear', 'campaign'],
  ['regionCode', 'region'],
  ['name', 'name'],
  ['porteurFiness', 'porteur'],
  ['duiSoftwareId', 'software'],
  ['requestedCents', 'requested'],
];

function header(key: ProjectColumn): string {
  return PROJECTS_SPEC.columns.find((column) => column.key === key)?.header ?? key;
}

/**
 * Groups the lines into projects (by code, or by campaign + region + porteur + name for a new one), and checks what
 * only the whole file shows: the lines of a project agree; an ESSMS appears once per project and in one project
 * per campaign.
 */
/** The group key of a project line, as {@link groupProjects} makes it. */
export function projectKey(line: Pick<ProjectLine, 'code' | 'campaignYear' | 'regionCode' | 'porteurFiness' | 'name'>): string {
  return line.code ?? `${line.campaignYear}|${line.regionCode}|${line.porteurFiness}|${normaliseHeader(line.name)}`;
}

/** The same key from a row that could not be read (its project is then left out, not applied short of a line). */
export function rawProjectKey(row: ImportRow): string {
  const values = row.values;
  const code = (values['code'] ?? '').trim().toUpperCase();
  if (code !== '') return code;
  const region = readRegionCode((values['region'] ?? '').trim());
  const porteur = readFiness(values['porteur'] ?? '');
  return `${(values['campaign'] ?? '').trim()}|${region.ok ? region.value : values['region'] ?? ''}|${porteur.ok ? porteur.value : values['porteur'] ?? ''}|${normaliseHeader(values['name'] ?? '')}`;
}

export function groupProjects(lines: readonly ProjectLine[]): { groups: ProjectGroup[]; issues: ImportIssue[] } {
  const groups = new Map<string, ProjectGroup>();
  const issues: ImportIssue[] = [];
  for (const line of lines) {
    const key = projectKey(line);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { key, lines: [line], first: line });
      continue;
    }
    const mismatch = PROJECT_FIELDS.find(([field]) => line[field] !== group.first[field]);
    if (mismatch) {
      const [field, column] = mismatch;
      const shown = (value: ProjectLine[keyof ProjectLine]): string =>
        value === null ? 'vide' : field === 'requestedCents' ? formatEuros(Number(value)) : String(value);
      issues.push({
        line: line.line,
        column: header(column),
        value: shown(line[field]),
        message: `« ${header(column)} » diffère de la ligne ${group.first.line} du même projet (${shown(group.first[field])}) : les colonnes du projet doivent être identiques sur toutes ses lignes.`,
      });
      continue;
    }
    group.lines.push(line);
  }
  issues.push(
    ...duplicates(
      lines.map((line) => ({ line: line.line, value: line })),
      (line) => `${line.campaignYear}|${line.finess}`,
      (first, line, value) => ({
        line,
        column: header('finess'),
        value: value.finess,
        message: `L'ESSMS ${value.finess} figure déjà ligne ${first} pour la campagne ${value.campaignYear} : un ESSMS ne compte qu'une fois, dans un seul projet par campagne.`,
      }),
    ),
  );
  return { groups: [...groups.values()], issues };
}
