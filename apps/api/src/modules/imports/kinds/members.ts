import type { ImportIssue } from '@esms/api-contract';
import type { SoftwareSituation } from '@esms/domain';

import { readFiness, readMemberAction, readSituation } from '../parsing/cells';
import type { ImportRow } from '../parsing/columns';
import { duplicates, readProjectCode, RowReader, type ImportKindSpec } from './kind';

export type MemberColumn = 'code' | 'finess' | 'situation' | 'action';

/** « Membres des projets »: ESSMS added to, changed in or removed from existing projects. */
export const MEMBERS_SPEC: ImportKindSpec<MemberColumn> = {
  kind: 'members',
  notice: [
    'Import des membres de projets existants : une ligne par ESSMS à ajouter, à modifier (situation logicielle) ou à retirer.',
    'Un ESSMS déjà membre avec la même situation est « inchangé » : réimporter le même fichier ne change rien.',
    'Les règles de l’outil s’appliquent au projet après changement : seuils d’ESSMS, type d’appel, montant calculé, un ESSMS dans un seul projet vivant par campagne, projet « Dossier déposé » ou « Retenu », votre région seulement.',
  ],
  columns: [
    { key: 'code', header: 'Code projet', required: true, description: 'Code du projet (AAAA-RR-NNNN), tel qu’affiché dans la liste des projets.', example: '2024-53-0001' },
    { key: 'finess', header: 'FINESS géographique', required: true, description: 'FINESS géographique (9 caractères, ou 8 sans la clé) de l’ESSMS.', example: '290000025' },
    {
      key: 'situation',
      header: 'Situation logicielle',
      required: false,
      description: '« Acquisition » ou « Mise en conformité » ; obligatoire pour ajouter un ESSMS.',
      example: 'Mise en conformité',
    },
    { key: 'action', header: 'Action', required: false, description: '« Ajouter » (par défaut) ou « Retirer ».', example: 'Ajouter' },
  ],
  examples: [{ code: '2024-53-0001', finess: '290000025', situation: 'Mise en conformité', action: 'Ajouter' }],
};

export interface MemberLine {
  line: number;
  code: string;
  finess: string;
  situation: SoftwareSituation | null;
  action: 'ajouter' | 'retirer';
}

export function readMemberLine(row: ImportRow<MemberColumn>): { value?: MemberLine; issues: ImportIssue[] } {
  const reader = new RowReader(MEMBERS_SPEC, row);
  const code = reader.required('code', readProjectCode);
  const finess = reader.required('finess', readFiness);
  const situation = reader.optional('situation', readSituation);
  const action = reader.optional('action', readMemberAction);
  if (action !== 'retirer' && row.values.situation === '' && reader.issues.length === 0) {
    reader.fail('situation', 'Pour ajouter un ESSMS, la « Situation logicielle » est obligatoire (« Acquisition » ou « Mise en conformité »).');
  }
  if (reader.issues.length > 0 || code === undefined || finess === undefined || situation === undefined || action === undefined) {
    return { issues: reader.issues };
  }
  return { value: { line: row.line, code, finess, situation, action: action ?? 'ajouter' }, issues: [] };
}

export function memberDuplicates(lines: readonly MemberLine[]): ImportIssue[] {
  return duplicates(
    lines.map((line) => ({ line: line.line, value: line })),
    (line) => `${line.code}|${line.finess}`,
    (first, line, value) => ({
      line,
      column: 'FINESS géographique',
      value: value.finess,
      message: `L'ESSMS ${value.finess} du projet ${value.code} figure déjà ligne ${first} : une ligne par ESSMS et par projet.`,
    }),
  );
}
