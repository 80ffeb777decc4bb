import { MILESTONE_STATUSES, ROLES, type MilestoneStatus, type Role } from '@esms/domain';

import { DomainException } from '../../common/errors/domain.exception';
import { checkIndicatorValues, checkMilestoneStep, type MilestoneAction } from './milestone-rules';

describe('checkMilestoneStep', () => {
  const allowed: [MilestoneAction, MilestoneStatus, MilestoneStatus][] = [
    ['declare', 'A_VENIR', 'DECLARE'],
    ['declare', 'REJETE', 'DECLARE'],
    ['validate-ARS', 'DECLARE', 'VALIDE_ARS'],
    ['validate-CNSA', 'VALIDE_ARS', 'VALIDE_CNSA'],
    ['reject', 'DECLARE', 'REJETE'],
    ['reject', 'VALIDE_ARS', 'REJETE'],
  ];

  it.each(allowed)('%s from %s → %s (CNSA administrator)', (action, from, to) => {
    expect(checkMilestoneStep(action, from, 'CNSA_ADMIN', 'DUI déployé')).toEqual({ ok: true, to });
  });

  it('refuses every other state with MILESTONE_STATE and a French message naming the milestone and its state', () => {
    for (const action of ['declare', 'validate-ARS', 'validate-CNSA', 'reject'] as MilestoneAction[]) {
      for (const from of MILESTONE_STATUSES) {
        if (allowed.some(([a, f]) => a === action && f === from)) continue;
        const result = checkMilestoneStep(action, from, 'CNSA_ADMIN', 'DUI déployé');
        expect(result).toMatchObject({ ok: false, code: 'MILESTONE_STATE' });
        expect(result.ok ? '' : result.message).toMatch(/^Le jalon « DUI déployé » est « [^»]+ » : il ne peut pas être /);
      }
    }
  });

  it.each<[MilestoneAction, Role[]]>([
    ['declare', ['ARS_OFFICER', 'CNSA_ADMIN']],
    ['validate-ARS', ['ARS_OFFICER', 'CNSA_ADMIN']],
    ['validate-CNSA', ['CNSA_ADMIN']],
    ['reject', ['ARS_OFFICER', 'CNSA_ADMIN']],
  ])('%s is for %j only (FORBIDDEN before any state check)', (action, roles) => {
    for (const role of ROLES) {
      const result = checkMilestoneStep(action, 'NON_ATTEINT', role, 'X');
      expect(result.ok ? 'ok' : result.code).toBe(roles.includes(role) ? 'MILESTONE_STATE' : 'FORBIDDEN');
    }
  });

  it('explains that CNSA validation is the CNSA administrator’s', () => {
    expect(checkMilestoneStep('validate-CNSA', 'VALIDE_ARS', 'ARS_OFFICER', 'X')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: "La validation de niveau CNSA est réservée à l'administration CNSA.",
    });
  });
});

describe('checkIndicatorValues', () => {
  const codes = ['DUI_ACTIFS', 'INS_QUALIFIEES'];

  it('reads numbers, and French decimal text from forms', () => {
    expect(checkIndicatorValues({ DUI_ACTIFS: 100, INS_QUALIFIEES: '82,5' }, codes, 2024)).toEqual({ DUI_ACTIFS: 100, INS_QUALIFIEES: 82.5 });
    expect(checkIndicatorValues({}, codes, 2024)).toEqual({});
  });

  it.each([
    [{ INCONNU: 1 }, 'indicatorValues.INCONNU', "L'indicateur « INCONNU » n'existe pas dans la campagne 2024 : indicateurs attendus DUI_ACTIFS, INS_QUALIFIEES."],
    [{ DUI_ACTIFS: -1 }, 'indicatorValues.DUI_ACTIFS', "La valeur de l'indicateur « DUI_ACTIFS » doit être un nombre positif ou nul."],
    [{ DUI_ACTIFS: 'beaucoup' }, 'indicatorValues.DUI_ACTIFS', expect.any(String)],
    [{ DUI_ACTIFS: '' }, 'indicatorValues.DUI_ACTIFS', expect.any(String)],
    [{ DUI_ACTIFS: null }, 'indicatorValues.DUI_ACTIFS', expect.any(String)],
    [{ DUI_ACTIFS: Number.POSITIVE_INFINITY }, 'indicatorValues.DUI_ACTIFS', expect.any(String)],
  ])('refuses %j naming %s', (values, field, message) => {
    let thrown: unknown;
    try {
      checkIndicatorValues(values, codes, 2024);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainException);
    expect(thrown).toMatchObject({ code: 'VALIDATION_FAILED', field, message });
  });
});
