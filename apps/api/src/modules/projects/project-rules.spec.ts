import { isMilestoneLate, MILESTONE_STATUSES, PROJECT_STATUSES, type ProjectStatus } from '@esms/domain';

import {
  checkOrganisationCount,
  formatProjectCode,
  isIsoDate,
  isUuid,
  likePattern,
  memberChanges,
  milestonesTracked,
  nationalDecisionRefusal,
  milestonesWritable,
  paidOf,
  parseIfMatch,
  PENDING_MILESTONE_STATUSES,
  projectCommitment,
  projectOrderBy,
  projectSnapshot,
  projectSortReads,
  resolveVersion,
  todayInParis,
  type PaymentState,
} from './project-rules';

const T1 = (status: PaymentState['status'], amountCents = 100): PaymentState => ({ tranche: 1, amountCents, status });
const T2 = (status: PaymentState['status'], amountCents = 150): PaymentState => ({ tranche: 2, amountCents, status });

describe('milestonesTracked', () => {
  it.each<[ProjectStatus, boolean]>([
    ['DEPOSE', false],
    ['RETENU', true],
    ['REFUSE', false],
    ['CONVENTION_SIGNEE', true],
    ['DUI_DEPLOYE', true],
    ['USAGE_DECLARE', true],
    ['CIBLES_VALIDEES', true],
    ['SOLDE', false],
    ['CLOTURE', false],
    ['ABANDONNE', false],
    ['SOLDE_ANNULE', false],
    ['RECUPERATION_DEMANDEE', false],
  ])('%s → %s', (status, tracked) => {
    expect(milestonesTracked(status)).toBe(tracked);
    expect(milestonesWritable(status)).toBe(tracked);
  });

  it('covers every project status', () => {
    expect(PROJECT_STATUSES.filter((status) => milestonesTracked(status))).toHaveLength(5);
  });
});

describe('PENDING_MILESTONE_STATUSES', () => {
  it('are exactly the statuses the domain can call late (the SQL mirrors isMilestoneLate)', () => {
    const late = MILESTONE_STATUSES.filter((status) => isMilestoneLate(status, '2024-01-01', '2024-01-02'));
    expect([...PENDING_MILESTONE_STATUSES].sort()).toEqual([...late].sort());
  });
});

describe('paidOf', () => {
  it.each<[string, PaymentState[], number]>([
    ['nothing', [], 0],
    ['to pay', [T1('A_VERSER'), T2('A_VERSER')], 0],
    ['tranche 1 paid', [T1('VERSE'), T2('A_VERSER')], 100],
    ['both paid', [T1('VERSE'), T2('VERSE')], 250],
    ['recovery asked: still paid until the money comes back', [T1('RECUPERATION_DEMANDEE'), T2('ANNULE')], 100],
    ['cancelled', [T1('ANNULE'), T2('ANNULE')], 0],
  ])('%s → %i', (_case, payments, expected) => {
    expect(paidOf(payments)).toBe(expected);
  });
});

describe('projectCommitment', () => {
  it.each<[ProjectStatus, number | null, PaymentState[], number]>([
    ['DEPOSE', null, [], 0],
    ['DEPOSE', 500, [], 0],
    ['RETENU', 250, [], 250],
    ['CONVENTION_SIGNEE', 250, [T1('A_VERSER'), T2('A_VERSER')], 250],
    ['CIBLES_VALIDEES', 250, [T1('VERSE'), T2('VERSE')], 250],
    ['SOLDE', 250, [T1('VERSE'), T2('VERSE')], 250],
    ['SOLDE_ANNULE', 250, [T1('VERSE'), T2('ANNULE')], 100],
    ['RECUPERATION_DEMANDEE', 250, [T1('RECUPERATION_DEMANDEE'), T2('ANNULE')], 100],
    ['REFUSE', 250, [], 0],
    ['ABANDONNE', 250, [T1('A_VERSER'), T2('A_VERSER')], 0],
    ['ABANDONNE', 250, [T1('VERSE'), T2('ANNULE')], 100],
  ])('%s, granted %s → %i committed', (status, granted, payments, expected) => {
    expect(projectCommitment(status, granted, payments)).toBe(expected);
  });

  it('never commits more than granted, nor less than paid, along the workflow', () => {
    const payments = [T1('VERSE'), T2('A_VERSER')];
    for (const status of PROJECT_STATUSES.filter((item) => item !== 'DEPOSE')) {
      const committed = projectCommitment(status, 250, payments);
      expect(committed).toBeLessThanOrEqual(250);
      expect(committed).toBeGreaterThanOrEqual(paidOf(payments));
    }
  });
});

describe('formatProjectCode', () => {
  it.each([
    [2024, '53', 7, '2024-53-0007'],
    [2022, '04', 1, '2022-04-0001'],
    [2025, '11', 12345, '2025-11-12345'],
  ])('%i, %s, %i → %s', (year, region, sequence, code) => {
    expect(formatProjectCode(year, region, sequence)).toBe(code);
  });
});

describe('parseIfMatch and resolveVersion', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    [' 4 ', 4],
    ['abc', 'invalid'],
    ['"3', 3],
    ['-1', 'invalid'],
    ['1.5', 'invalid'],
  ])('If-Match %j → %j', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it.each([
    [3, undefined, { ok: true, version: 3 }],
    [undefined, '"5"', { ok: true, version: 5 }],
    [4, '4', { ok: true, version: 4 }],
  ])('body %j and header %j → %j', (body, header, expected) => {
    expect(resolveVersion(body, header)).toEqual(expected);
  });

  it.each([
    [undefined, undefined, 'La version lue est obligatoire'],
    [3, '4', 'diffèrent'],
    [undefined, 'xyz', "L'en-tête If-Match"],
  ])('body %j and header %j → French refusal', (body, header, message) => {
    const result = resolveVersion(body, header);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('projectOrderBy', () => {
  it.each([
    [undefined, 'p.updated_at DESC NULLS LAST, p.code ASC, p.id ASC'],
    ['name', 'lower(p.name) ASC NULLS LAST, p.code ASC, p.id ASC'],
    ['-grantedCents', 'p.granted_cents DESC NULLS LAST, p.code ASC, p.id ASC'],
    ['lateMilestones', 'late_count ASC NULLS LAST, p.code ASC, p.id ASC'],
    [' code ', 'p.code ASC NULLS LAST, p.code ASC, p.id ASC'],
  ])('%j → %s', (sort, orderBy) => {
    expect(projectOrderBy(sort)).toBe(orderBy);
  });

  it.each(['password', 'name; DROP TABLE project', '--name', 'p.name', 'constructor', ''])('refuses %j', (sort) => {
    expect(projectOrderBy(sort)).toBeNull();
  });
});

describe('projectSortReads', () => {
  it.each([
    [undefined, null],
    ['-updatedAt', null],
    ['name', null],
    ['lateMilestones', 'late'],
    ['-lateMilestones', 'late'],
    [' nextDueOn ', 'next'],
    ['-region', 'region'],
    ['riskScore', 'risk'],
    ['password', null],
  ])('%j reads %j', (sort, reads) => {
    expect(projectSortReads(sort)).toBe(reads);
  });
});

describe('memberChanges', () => {
  it('tells added, removed and changed members apart', () => {
    const before = [
      { essmsId: 'a', softwareSituation: 'acquisition' as const },
      { essmsId: 'b', softwareSituation: 'acquisition' as const },
      { essmsId: 'c', softwareSituation: 'mise_en_conformite' as const },
    ];
    const after = [
      { essmsId: 'b', softwareSituation: 'mise_en_conformite' as const },
      { essmsId: 'c', softwareSituation: 'mise_en_conformite' as const },
      { essmsId: 'd', softwareSituation: 'acquisition' as const },
    ];
    expect(memberChanges(before, after)).toEqual({
      added: [{ essmsId: 'd', softwareSituation: 'acquisition' }],
      removed: [{ essmsId: 'a', softwareSituation: 'acquisition' }],
      changed: [{ essmsId: 'b', softwareSituation: 'mise_en_conformite' }],
    });
    expect(memberChanges(before, before)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('checkOrganisationCount', () => {
  it.each([
    [1, null, true],
    [3, 3, true],
    [4, 3, true],
  ])('%i OG with a minimum of %j → accepted', (count, minimum, ok) => {
    expect(checkOrganisationCount(count, minimum).ok).toBe(ok);
  });

  it.each([
    [1, 3, 'La grappe réunit 1 organisme gestionnaire : cette campagne en demande au moins 3.'],
    [2, 3, 'La grappe réunit 2 organismes gestionnaires : cette campagne en demande au moins 3.'],
  ])('%i OG with a minimum of %i → %s', (count, minimum, message) => {
    expect(checkOrganisationCount(count, minimum)).toEqual({ ok: false, message });
  });
});

describe('projectSnapshot', () => {
  it('flattens members into one field per FINESS, marking released ones', () => {
    const snapshot = projectSnapshot({
      name: 'Grappe',
      status: 'ABANDONNE',
      callType: 'regional',
      envelopeId: null,
      duiSoftwareId: null,
      requestedCents: 0,
      computedGrantCents: 100,
      grantedCents: null,
      grantOverrideJustification: null,
      decidedOn: null,
      conventionSignedOn: null,
      essmsCount: 2,
      members: [
        { finess: '350000014', softwareSituation: 'acquisition', live: false },
        { finess: '290000017', softwareSituation: 'mise_en_conformite', live: true },
      ],
    });
    expect(snapshot).toMatchObject({
      name: 'Grappe',
      'members.290000017': 'mise_en_conformite',
      'members.350000014': 'acquisition (libéré)',
    });
    expect(snapshot).not.toHaveProperty('members');
    expect(Object.keys(snapshot).filter((key) => key.startsWith('members.'))).toEqual(['members.290000017', 'members.350000014']);
  });
});

describe('todayInParis', () => {
  it.each([
    ['2024-06-30T21:59:00Z', '2024-06-30'],
    ['2024-06-30T22:00:00Z', '2024-07-01'],
    ['2024-12-31T22:59:00Z', '2024-12-31'],
    ['2024-12-31T23:00:00Z', '2025-01-01'],
  ])('%s is %s in Paris', (instant, day) => {
    expect(todayInParis(new Date(instant))).toBe(day);
  });
});

describe('small checks', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['01/02/2024', false],
  ])('isIsoDate(%s) → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('escapes LIKE wildcards and lowers the search', () => {
    expect(likePattern('  50%_Grappe\\ ')).toBe('%50\\%\\_grappe\\\\%');
  });

  it.each([
    ['2f3eb9c3-002d-41a8-ab0a-2e1b0e517b82', true],
    ['2F3EB9C3-002D-41A8-AB0A-2E1B0E517B82', true],
    ['pas-un-id', false],
    ["2f3eb9c3-002d-41a8-ab0a-2e1b0e517b82' OR 1=1", false],
  ])('isUuid(%s) → %s', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});

describe('nationalDecisionRefusal', () => {
  it.each([
    ['national', 'RETENU', 'ARS_OFFICER', true],
    ['national', 'REFUSE', 'ARS_OFFICER', true],
    ['national', 'RETENU', 'CNSA_ADMIN', false],
    ['national', 'ABANDONNE', 'ARS_OFFICER', false],
    ['national', 'CONVENTION_SIGNEE', 'ARS_OFFICER', false],
    ['regional', 'RETENU', 'ARS_OFFICER', false],
  ] as const)('%s call, to %s, by %s → refused: %s', (callType, to, role, refused) => {
    expect(nationalDecisionRefusal(callType, to, role) !== null).toBe(refused);
  });
});
