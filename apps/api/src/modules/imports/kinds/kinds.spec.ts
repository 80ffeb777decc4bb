import type { ImportRow } from '../parsing/columns';
import { memberDuplicates, readMemberLine, type MemberColumn } from './members';
import { declarationComment, milestoneDuplicates, readMilestoneLine, type MilestoneColumn } from './milestones';
import { groupProjects, rawProjectKey, readProjectLine, type ProjectColumn, type ProjectLine } from './projects';

function projectRow(line: number, values: Partial<Record<ProjectColumn, string>>): ImportRow<ProjectColumn> {
  return {
    line,
    values: {
      code: '',
      campaign: '2024',
      region: '53',
      name: 'Grappe du Finistère',
      porteur: '750712184',
      software: '',
      requested: '375 000',
      finess: '330781196',
      situation: 'Acquisition',
      ...values,
    },
  };
}

function lineOf(row: ImportRow<ProjectColumn>): ProjectLine {
  const read = readProjectLine(row);
  if (!read.value) throw new Error(JSON.stringify(read.issues));
  return read.value;
}

describe('« projects » rows', () => {
  it('reads a row into a typed project line', () => {
    expect(readProjectLine(projectRow(2, { software: '12', code: '2024-53-0007' }))).toEqual({
      value: {
        line: 2,
        code: '2024-53-0007',
        campaignYear: 2024,
        regionCode: '53',
        name: 'Grappe du Finistère',
        porteurFiness: '750712184',
        duiSoftwareId: 12,
        requestedCents: 37_500_000,
        finess: '330781196',
        situation: 'acquisition',
      },
      issues: [],
    });
  });

  it('reports every bad cell of a row, each with its column and value', () => {
    const read = readProjectLine(projectRow(5, { code: '53-7', campaign: '', name: 'ab', porteur: '123', requested: 'x', situation: 'achat' }));
    expect(read.value).toBeUndefined();
    expect(read.issues.map((issue) => [issue.line, issue.column, issue.value])).toEqual([
      [5, 'Code projet', '53-7'],
      [5, 'Campagne', null],
      [5, 'Nom du projet', 'ab'],
      [5, 'FINESS juridique du porteur', '123'],
      [5, 'Montant demandé (€)', 'x'],
      [5, 'Situation logicielle', 'achat'],
    ]);
    expect(read.issues[1]?.message).toBe('La colonne « Campagne » est obligatoire : renseignez-la.');
  });

  it('groups lines into projects, by code or by campaign, region, porteur and name; a name spelt otherwise is an error', () => {
    const lines = [
      lineOf(projectRow(2, { finess: '750712184' })),
      lineOf(projectRow(3, { finess: '330781196' })),
      lineOf(projectRow(4, { code: '2024-53-0001', finess: '690781810' })),
      lineOf(projectRow(5, { region: '76', finess: '130786049' })),
      lineOf(projectRow(6, { name: 'GRAPPE du finistere', finess: '750712184', campaign: '2025' })),
      lineOf(projectRow(7, { name: 'GRAPPE du finistere', finess: '130786049', campaign: '2025', region: '53' })),
    ];
    lines[5] = { ...lines[5]!, name: 'Grappe du finistère' };
    const { groups, issues } = groupProjects(lines);
    expect(issues).toEqual([expect.objectContaining({ line: 7, column: 'Nom du projet', value: 'Grappe du finistère', message: expect.stringContaining('ligne 6') })]);
    expect(groups.map((group) => group.lines.map((line) => line.line))).toEqual([[2, 3], [4], [5], [6]]);
    expect(groups[0]?.key).toBe(rawProjectKey(projectRow(9, { porteur: '75071218' })));
  });

  it('reports project columns that differ between the lines of one project, and an ESSMS twice in a campaign', () => {
    const lines = [
      lineOf(projectRow(2, { finess: '750712184' })),
      lineOf(projectRow(3, { requested: '1', finess: '330781196' })),
      lineOf(projectRow(4, { name: 'Autre grappe', finess: '750712184' })),
      lineOf(projectRow(5, { campaign: '2023', name: 'Autre grappe', finess: '750712184' })),
    ];
    const { issues } = groupProjects(lines);
    expect(issues).toEqual([
      expect.objectContaining({ line: 3, column: 'Montant demandé (€)', value: expect.stringMatching(/^1.€$/), message: expect.stringContaining('ligne 2') }),
      expect.objectContaining({ line: 4, column: 'FINESS géographique', value: '750712184', message: expect.stringContaining('déjà ligne 2') }),
    ]);
  });
});

describe('« members » rows', () => {
  const row = (line: number, values: Partial<Record<MemberColumn, string>>): ImportRow<MemberColumn> => ({
    line,
    values: { code: '2024-53-0001', finess: '750712184', situation: 'Acquisition', action: '', ...values },
  });

  it('reads additions (situation required) and removals (situation optional)', () => {
    expect(readMemberLine(row(2, {})).value).toEqual({ line: 2, code: '2024-53-0001', finess: '750712184', situation: 'acquisition', action: 'ajouter' });
    expect(readMemberLine(row(3, { situation: '', action: 'Retirer' })).value).toMatchObject({ situation: null, action: 'retirer' });
    expect(readMemberLine(row(4, { situation: '' })).issues).toEqual([
      expect.objectContaining({ line: 4, column: 'Situation logicielle', message: expect.stringContaining('obligatoire') }),
    ]);
  });

  it('reports an ESSMS listed twice for one project', () => {
    const lines = [2, 3].map((line) => readMemberLine(row(line, {})).value!);
    expect(memberDuplicates(lines)).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('ligne 2') })]);
  });
});

describe('« milestones » rows', () => {
  const row = (line: number, values: Partial<Record<MilestoneColumn, string>>): ImportRow<MilestoneColumn> => ({
    line,
    values: { code: '2024-53-0001', milestone: 'DUI_DEPLOYE', finess: '', achievedOn: '', comment: 'Fait.', indicators: '', ...values },
  });

  it('reads a declaration; the achievement date goes at the head of the comment', () => {
    const read = readMilestoneLine(row(2, { achievedOn: '31/03/2025', indicators: 'DUI_ACTIFS=100' }), '2025-04-01');
    expect(read.value).toMatchObject({ finess: null, achievedOn: '2025-03-31', indicatorValues: { DUI_ACTIFS: 100 } });
    expect(declarationComment(read.value!)).toBe('Atteint le 31/03/2025. Fait.');
    expect(declarationComment({ achievedOn: null, comment: 'Fait.' })).toBe('Fait.');
  });

  it('refuses a date in the future and a missing comment', () => {
    const read = readMilestoneLine(row(2, { achievedOn: '02/04/2025', comment: '' }), '2025-04-01');
    expect(read.issues.map((issue) => issue.column)).toEqual(['Date de réalisation', 'Commentaire']);
  });

  it('reports a milestone declared twice (same project, type and ESSMS)', () => {
    const lines = [row(2, {}), row(3, { milestone: 'dui_deploye' }), row(4, { finess: '750712184' })].map((item) => readMilestoneLine(item, '2025-01-01').value!);
    expect(milestoneDuplicates(lines)).toEqual([expect.objectContaining({ line: 3, column: 'Jalon', message: expect.stringContaining('ligne 2') })]);
  });
});
