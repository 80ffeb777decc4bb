import {
  checkMilestoneGate,
  isMilestoneValidated,
  lateText,
  milestoneProgress,
  progressText,
  type MilestoneGateGroup,
} from './milestone-progress';
import type { MilestoneStatus, ProjectStatus } from './project-workflow';

describe('milestone progress (per-ESSMS rows)', () => {
  const today = '2026-06-15';

  it.each<[MilestoneStatus, boolean]>([
    ['A_VENIR', false],
    ['DECLARE', false],
    ['VALIDE_ARS', true],
    ['VALIDE_CNSA', true],
    ['REJETE', false],
    ['NON_ATTEINT', false],
  ])('%s counts as validated: %s', (status, validated) => {
    expect(isMilestoneValidated(status)).toBe(validated);
  });

  it('counts every row by state, and the late ones only while the project is under way', () => {
    const rows: { status: MilestoneStatus; dueOn: string }[] = [
      { status: 'VALIDE_CNSA', dueOn: '2026-01-01' },
      { status: 'VALIDE_ARS', dueOn: '2026-01-01' },
      { status: 'DECLARE', dueOn: '2026-01-01' },
      { status: 'REJETE', dueOn: '2026-01-01' },
      { status: 'A_VENIR', dueOn: '2026-12-01' },
      { status: 'A_VENIR', dueOn: '2026-06-14' },
      { status: 'NON_ATTEINT', dueOn: '2026-01-01' },
    ];
    expect(milestoneProgress(rows, today, true)).toEqual({
      total: 7,
      validated: 2,
      validatedCnsa: 1,
      declared: 1,
      rejected: 1,
      notReached: 1,
      late: 3,
    });
    expect(milestoneProgress(rows, today, false).late).toBe(0);
    expect(milestoneProgress([], today, true)).toEqual({ total: 0, validated: 0, validatedCnsa: 0, declared: 0, rejected: 0, notReached: 0, late: 0 });
  });

  it.each<[number, number, boolean, string]>([
    [18, 25, true, '18 ESSMS sur 25 validés'],
    [1, 25, true, '1 ESSMS sur 25 validé'],
    [0, 25, true, '0 ESSMS sur 25 validé'],
    [1, 1, false, 'Validé'],
    [0, 1, false, 'Non validé'],
    [0, 0, false, 'Non validé'],
  ])('%i of %i (per ESSMS: %s) reads « %s »', (validated, total, perEssms, text) => {
    expect(progressText({ validated, total }, perEssms)).toBe(text);
  });

  it.each<[number, boolean, string | null]>([
    [0, true, null],
    [3, true, '3 ESSMS en retard'],
    [1, false, 'En retard'],
  ])('%i late (per ESSMS: %s) reads %s', (late, perEssms, text) => {
    expect(lateText(late, perEssms)).toBe(text);
  });
});

describe('workflow steps gated by a milestone', () => {
  const dui = (validated: number, total: number, perEssms = true): MilestoneGateGroup => ({
    code: 'DUI_DEPLOYE',
    label: 'DUI déployé',
    perEssms,
    total,
    validated,
  });

  it.each<[string, ProjectStatus, MilestoneGateGroup[], boolean]>([
    ['a step without a gate', 'USAGE_DECLARE', [dui(0, 25)], true],
    ['every ESSMS validated', 'DUI_DEPLOYE', [dui(25, 25)], true],
    ['a catalogue without the type', 'DUI_DEPLOYE', [], true],
    ['a type without rows', 'DUI_DEPLOYE', [dui(0, 0)], true],
    ['24 ESSMS of 25', 'DUI_DEPLOYE', [dui(24, 25)], false],
    ['a project-level type not validated', 'DUI_DEPLOYE', [dui(0, 1, false)], false],
  ])('%s → allowed: %s', (_case, to, groups, ok) => {
    expect(checkMilestoneGate(to, groups).ok).toBe(ok);
  });

  it('names the type, the progress and what is left', () => {
    expect(checkMilestoneGate('DUI_DEPLOYE', [dui(18, 25)])).toEqual({
      ok: false,
      code: 'TRANSITION_FORBIDDEN',
      message:
        'Le passage à « DUI déployé » demande le jalon « DUI déployé » validé pour chaque ESSMS de la grappe : 18 ESSMS sur 25 validés, 7 restants à valider.',
    });
    expect(checkMilestoneGate('DUI_DEPLOYE', [dui(24, 25)])).toMatchObject({ message: expect.stringContaining('1 restant à valider.') });
    expect(checkMilestoneGate('DUI_DEPLOYE', [dui(0, 1, false)])).toMatchObject({
      message: "Le passage à « DUI déployé » demande le jalon « DUI déployé » validé : faites-le déclarer puis valider par l'ARS.",
    });
  });
});
