import type { ImportIssue } from '@esms/api-contract';

import { readDate, readFiness, readIndicators } from '../parsing/cells';
import type { ImportRow } from '../parsing/columns';
import { duplicates, readProjectCode, RowReader, type ImportKindSpec } from './kind';

export type MilestoneColumn = 'code' | 'milestone' | 'finess' | 'achievedOn' | 'comment' | 'indicators';

/** « Mises à jour de jalons »: declarations of milestones reached, with comment, date and indicator values. */
export const MILESTONES_SPEC: ImportKindSpec<MilestoneColumn> = {
  kind: 'milestones',
  notice: [
    'Import de déclarations de jalons atteints : une ligne par jalon déclaré (par projet, et par ESSMS pour les jalons suivis par ESSMS).',
    'Le jalon doit être « À venir » ou « Rejeté » et le projet retenu (du stade « Retenu » à la validation des cibles). Les pièces justificatives se joignent ensuite dans la fiche du jalon.',
    'Un jalon déjà déclaré avec le même commentaire et les mêmes valeurs est « inchangé » : réimporter le même fichier ne change rien.',
  ],
  columns: [
    { key: 'code', header: 'Code projet', required: true, description: 'Code du projet (AAAA-RR-NNNN).', example: '2024-53-0001' },
    {
      key: 'milestone',
      header: 'Jalon',
      required: true,
      description: 'Code du jalon (DUI_DEPLOYE, INS_QUALIFIEE, MSSANTE_OPERATIONNELLE, DMP_ALIMENTE, SEGUR_PRODUCTION, CIBLES_USAGE…) ou son libellé.',
      example: 'DUI_DEPLOYE',
    },
    {
      key: 'finess',
      header: 'FINESS géographique',
      required: false,
      description: 'Pour un jalon suivi par ESSMS : le FINESS géographique de l’ESSMS ; vide pour un jalon du projet.',
      example: '',
    },
    { key: 'achievedOn', header: 'Date de réalisation', required: false, description: 'Date à laquelle le jalon a été atteint (JJ/MM/AAAA), au plus aujourd’hui.', example: '31/03/2025' },
    { key: 'comment', header: 'Commentaire', required: true, description: 'Ce qui a été fait (4 000 caractères au plus).', example: 'DUI déployé dans les 15 EHPAD de la grappe.' },
    {
      key: 'indicators',
      header: "Valeurs d'indicateurs",
      required: false,
      description: 'Valeurs des indicateurs d’usage de la campagne : CODE=valeur séparés par « | » (DUI_ACTIFS=100 | MSSANTE_MESSAGES=12,5).',
      example: '',
    },
  ],
  examples: [
    {
      code: '2024-53-0001',
      milestone: 'DUI_DEPLOYE',
      finess: '',
      achievedOn: '31/03/2025',
      comment: 'DUI déployé dans les 15 EHPAD de la grappe.',
      indicators: '',
    },
  ],
};

export interface MilestoneLine {
  line: number;
  code: string;
  milestone: string;
  finess: string | null;
  achievedOn: string | null;
  comment: string;
  indicatorValues: Record<string, number> | null;
}

export function readMilestoneLine(row: ImportRow<MilestoneColumn>, today: string): { value?: MilestoneLine; issues: ImportIssue[] } {
  const reader = new RowReader(MILESTONES_SPEC, row);
  const code = reader.required('code', readProjectCode);
  const milestone = reader.text('milestone', { required: true, max: 200 });
  const finess = reader.optional('finess', readFiness);
  const achievedOn = reader.optional('achievedOn', readDate);
  if (achievedOn && achievedOn > today) reader.fail('achievedOn', 'La date de réalisation est dans le futur : un jalon se déclare une fois atteint.');
  const comment = reader.text('comment', { required: true, max: 3900 });
  const indicatorValues = reader.optional('indicators', readIndicators);
  if (
    reader.issues.length > 0 ||
    code === undefined ||
    !milestone ||
    finess === undefined ||
    achievedOn === undefined ||
    !comment ||
    indicatorValues === undefined
  ) {
    return { issues: reader.issues };
  }
  return { value: { line: row.line, code, milestone, finess, achievedOn, comment, indicatorValues }, issues: [] };
}

/** The comment written on the milestone: the achievement date (the milestone has no field of its own for it) then the text. */
export function declarationComment(line: Pick<MilestoneLine, 'achievedOn' | 'comment'>): string {
  if (!line.achievedOn) return line.comment;
  const [year, month, day] = line.achievedOn.split('-');
  return `Atteint le ${day}/${month}/${year}. ${line.comment}`;
}

export function milestoneDuplicates(lines: readonly MilestoneLine[]): ImportIssue[] {
  return duplicates(
    lines.map((line) => ({ line: line.line, value: line })),
    (line) => `${line.code}|${line.milestone.toUpperCase()}|${line.finess ?? ''}`,
    (first, line, value) => ({
      line,
      column: 'Jalon',
      value: value.milestone,
      message: `Le jalon ${value.milestone} du projet ${value.code}${value.finess ? ` pour l'ESSMS ${value.finess}` : ''} figure déjà ligne ${first} : une ligne par jalon.`,
    }),
  );
}
