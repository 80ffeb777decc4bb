import { ROLES, type Role } from './access';
import {
  addDays,
  checkTargetsMissed,
  checkTargetsValidated,
  checkTransition,
  daysLate,
  holdsCommitment,
  isEditable,
  isMilestoneLate,
  isProjectStatus,
  MILESTONE_STATUS_LABELS,
  MILESTONE_STATUSES,
  type MilestoneStatus,
  nextStatuses,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  type ProjectStatus,
  RELEASED_STATUSES,
  USAGE_TARGETS_MILESTONE,
} from './project-workflow';

/** The French labels, written out here so that a changed label shows up in the messages below. */
const LABEL: Readonly<Record<ProjectStatus, string>> = {
  DEPOSE: 'Dossier déposé',
  RETENU: 'Retenu',
  REFUSE: 'Refusé',
  CONVENTION_SIGNEE: 'Convention signée',
  DUI_DEPLOYE: 'DUI déployé',
  USAGE_DECLARE: 'Usage déclaré',
  CIBLES_VALIDEES: 'Cibles validées',
  SOLDE: 'Soldé',
  CLOTURE: 'Clôturé',
  ABANDONNE: 'Abandonné',
  SOLDE_ANNULE: 'Solde annulé',
  RECUPERATION_DEMANDEE: 'Récupération demandée',
};

const REGIONAL: readonly Role[] = ['ARS_OFFICER', 'CNSA_ADMIN'];
const CNSA: readonly Role[] = ['CNSA_ADMIN'];
const FOR_REGIONAL = "à l'ARS de la région et à l'administration CNSA";
const FOR_CNSA = "à l'administration CNSA";

/** The life of a project, ../shared/domain.md: every allowed step, who may take it, in the order offered. */
const TRANSITIONS: readonly [ProjectStatus, ProjectStatus, readonly Role[], string][] = [
  ['DEPOSE', 'RETENU', REGIONAL, FOR_REGIONAL],
  ['DEPOSE', 'REFUSE', REGIONAL, FOR_REGIONAL],
  ['DEPOSE', 'ABANDONNE', REGIONAL, FOR_REGIONAL],
  ['RETENU', 'CONVENTION_SIGNEE', REGIONAL, FOR_REGIONAL],
  ['RETENU', 'ABANDONNE', REGIONAL, FOR_REGIONAL],
  ['CONVENTION_SIGNEE', 'DUI_DEPLOYE', REGIONAL, FOR_REGIONAL],
  ['CONVENTION_SIGNEE', 'ABANDONNE', REGIONAL, FOR_REGIONAL],
  ['DUI_DEPLOYE', 'USAGE_DECLARE', REGIONAL, FOR_REGIONAL],
  ['DUI_DEPLOYE', 'ABANDONNE', REGIONAL, FOR_REGIONAL],
  ['USAGE_DECLARE', 'CIBLES_VALIDEES', CNSA, FOR_CNSA],
  ['USAGE_DECLARE', 'SOLDE_ANNULE', REGIONAL, FOR_REGIONAL],
  ['CIBLES_VALIDEES', 'SOLDE', CNSA, FOR_CNSA],
  ['SOLDE', 'CLOTURE', REGIONAL, FOR_REGIONAL],
  ['SOLDE_ANNULE', 'RECUPERATION_DEMANDEE', REGIONAL, FOR_REGIONAL],
  ['SOLDE_ANNULE', 'CLOTURE', REGIONAL, FOR_REGIONAL],
  ['RECUPERATION_DEMANDEE', 'CLOTURE', REGIONAL, FOR_REGIONAL],
];

/** What a refused impossible step says after « ne peut pas passer à « … » », per starting status. */
const FORBIDDEN_TAIL: Readonly<Record<ProjectStatus, string>> = {
  DEPOSE: ' : étapes possibles « Retenu », « Refusé », « Abandonné ».',
  RETENU: ' : étapes possibles « Convention signée », « Abandonné ».',
  CONVENTION_SIGNEE: ' : étapes possibles « DUI déployé », « Abandonné ».',
  DUI_DEPLOYE: ' : étapes possibles « Usage déclaré », « Abandonné ».',
  USAGE_DECLARE: ' : étapes possibles « Cibles validées », « Solde annulé ».',
  CIBLES_VALIDEES: ' : étapes possibles « Soldé ».',
  SOLDE: ' : étapes possibles « Clôturé ».',
  SOLDE_ANNULE: ' : étapes possibles « Récupération demandée », « Clôturé ».',
  RECUPERATION_DEMANDEE: ' : étapes possibles « Clôturé ».',
  REFUSE: ' : il est dans un état final.',
  ABANDONNE: ' : il est dans un état final.',
  CLOTURE: ' : il est dans un état final.',
};

const TERMINAL: readonly ProjectStatus[] = ['REFUSE', 'ABANDONNE', 'CLOTURE'];

const isAllowedStep = (from: ProjectStatus, to: ProjectStatus): boolean =>
  TRANSITIONS.some(([f, t]) => f === from && t === to);

describe('project statuses', () => {
  it('has a French label for each of the twelve statuses', () => {
    expect(PROJECT_STATUSES).toHaveLength(12);
    expect(PROJECT_STATUS_LABELS).toEqual(LABEL);
  });

  it.each<[unknown, boolean]>([
    ...PROJECT_STATUSES.map((status): [unknown, boolean] => [status, true]),
    ['depose', false],
    ['Dossier déposé', false],
    ['CLOTUREE', false],
    [' DEPOSE', false],
    ['', false],
    [42, false],
    [null, false],
    [undefined, false],
    [['DEPOSE'], false],
    [{ status: 'DEPOSE' }, false],
  ])('isProjectStatus(%j) is %s', (value, expected) => {
    expect(isProjectStatus(value)).toBe(expected);
  });

  it.each<[ProjectStatus, boolean, boolean, boolean]>([
    // status, holds its grant on the envelope, still editable, releases its ESSMS
    ['DEPOSE', false, true, false],
    ['RETENU', true, true, false],
    ['REFUSE', false, false, true],
    ['CONVENTION_SIGNEE', true, false, false],
    ['DUI_DEPLOYE', true, false, false],
    ['USAGE_DECLARE', true, false, false],
    ['CIBLES_VALIDEES', true, false, false],
    ['SOLDE', true, false, false],
    ['CLOTURE', true, false, false],
    ['ABANDONNE', false, false, true],
    ['SOLDE_ANNULE', true, false, false],
    ['RECUPERATION_DEMANDEE', true, false, false],
  ])('%s: holds commitment %s, editable %s, released %s', (status, commitment, editable, released) => {
    expect(holdsCommitment(status)).toBe(commitment);
    expect(isEditable(status)).toBe(editable);
    expect(RELEASED_STATUSES.includes(status)).toBe(released);
  });

  it('releases the ESSMS of refused and abandoned projects only', () => {
    expect([...RELEASED_STATUSES]).toEqual(['REFUSE', 'ABANDONNE']);
  });
});

describe('nextStatuses', () => {
  it.each<[ProjectStatus, ProjectStatus[]]>([
    ['DEPOSE', ['RETENU', 'REFUSE', 'ABANDONNE']],
    ['RETENU', ['CONVENTION_SIGNEE', 'ABANDONNE']],
    ['CONVENTION_SIGNEE', ['DUI_DEPLOYE', 'ABANDONNE']],
    ['DUI_DEPLOYE', ['USAGE_DECLARE', 'ABANDONNE']],
    ['USAGE_DECLARE', ['CIBLES_VALIDEES', 'SOLDE_ANNULE']],
    ['CIBLES_VALIDEES', ['SOLDE']],
    ['SOLDE', ['CLOTURE']],
    ['SOLDE_ANNULE', ['RECUPERATION_DEMANDEE', 'CLOTURE']],
    ['RECUPERATION_DEMANDEE', ['CLOTURE']],
    ['REFUSE', []],
    ['ABANDONNE', []],
    ['CLOTURE', []],
  ])('%s → %j', (from, expected) => {
    expect(nextStatuses(from)).toEqual(expected);
  });

  it('matches the transition table of this spec, in order', () => {
    for (const from of PROJECT_STATUSES) {
      expect(nextStatuses(from)).toEqual(TRANSITIONS.filter(([f]) => f === from).map(([, to]) => to));
    }
  });

  it('ends only in REFUSE, ABANDONNE and CLOTURE', () => {
    expect(PROJECT_STATUSES.filter((status) => nextStatuses(status).length === 0).sort()).toEqual(
      [...TERMINAL].sort(),
    );
  });

  it('reaches every status from a filed dossier', () => {
    const reached = new Set<ProjectStatus>(['DEPOSE']);
    const queue: ProjectStatus[] = ['DEPOSE'];
    for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
      for (const next of nextStatuses(status).filter((candidate) => !reached.has(candidate))) {
        reached.add(next);
        queue.push(next);
      }
    }
    expect([...reached].sort()).toEqual([...PROJECT_STATUSES].sort());
  });
});

describe('checkTransition', () => {
  describe('allows each step to the roles that may take it', () => {
    const rows = TRANSITIONS.flatMap(([from, to, roles]) => roles.map((role) => [from, to, role] as const));

    it.each(rows)('%s → %s by %s', (from, to, role) => {
      expect(checkTransition(from, to, role)).toEqual({ ok: true });
    });

    it('covers the sixteen steps: fourteen for the ARS and the CNSA, two for the CNSA alone', () => {
      expect(TRANSITIONS).toHaveLength(16);
      expect(rows).toHaveLength(14 * 2 + 2 * 1);
    });
  });

  describe('refuses the step to any other role, naming who may take it (TRANSITION_ROLE)', () => {
    const rows = TRANSITIONS.flatMap(([from, to, roles, who]) =>
      ROLES.filter((role) => !roles.includes(role)).map((role) => [from, to, role, who] as const),
    );

    it.each(rows)('%s → %s by %s: reserved %s', (from, to, role, who) => {
      expect(checkTransition(from, to, role)).toEqual({
        ok: false,
        code: 'TRANSITION_ROLE',
        message: `Le passage à « ${LABEL[to]} » est réservé ${who}.`,
      });
    });

    it.each`
      from                       | to                         | role               | message
      ${'DEPOSE'}                | ${'RETENU'}                | ${'GRADES_MEMBER'} | ${"Le passage à « Retenu » est réservé à l'ARS de la région et à l'administration CNSA."}
      ${'DEPOSE'}                | ${'REFUSE'}                | ${'CNSA_ANALYST'}  | ${"Le passage à « Refusé » est réservé à l'ARS de la région et à l'administration CNSA."}
      ${'USAGE_DECLARE'}         | ${'CIBLES_VALIDEES'}       | ${'ARS_OFFICER'}   | ${"Le passage à « Cibles validées » est réservé à l'administration CNSA."}
      ${'CIBLES_VALIDEES'}       | ${'SOLDE'}                 | ${'ARS_OFFICER'}   | ${"Le passage à « Soldé » est réservé à l'administration CNSA."}
      ${'SOLDE_ANNULE'}          | ${'RECUPERATION_DEMANDEE'} | ${'AUDITOR'}       | ${"Le passage à « Récupération demandée » est réservé à l'ARS de la région et à l'administration CNSA."}
      ${'RECUPERATION_DEMANDEE'} | ${'CLOTURE'}               | ${'GRADES_MEMBER'} | ${"Le passage à « Clôturé » est réservé à l'ARS de la région et à l'administration CNSA."}
    `(
      'in full: $from → $to by $role',
      ({
        from,
        to,
        role,
        message,
      }: {
        from: ProjectStatus;
        to: ProjectStatus;
        role: Role;
        message: string;
      }) => {
        expect(checkTransition(from, to, role)).toEqual({ ok: false, code: 'TRANSITION_ROLE', message });
      },
    );
  });

  describe('refuses any other step, whoever asks, listing the possible next steps (TRANSITION_FORBIDDEN)', () => {
    const impossible = PROJECT_STATUSES.flatMap((from) =>
      PROJECT_STATUSES.filter((to) => !isAllowedStep(from, to)).map((to) => [from, to] as const),
    );

    it('covers the 144 pairs of statuses less the sixteen allowed steps', () => {
      expect(impossible).toHaveLength(12 * 12 - 16);
    });

    it.each(impossible)('%s → %s', (from, to) => {
      const expected = {
        ok: false,
        code: 'TRANSITION_FORBIDDEN',
        message: `Un projet « ${LABEL[from]} » ne peut pas passer à « ${LABEL[to]} »${FORBIDDEN_TAIL[from]}`,
      };
      // The step is impossible for everyone, the CNSA administrator included: the role is not even looked at.
      for (const role of ROLES) {
        expect(checkTransition(from, to, role)).toEqual(expected);
      }
    });

    it.each`
      from                 | to                     | message
      ${'DEPOSE'}          | ${'CONVENTION_SIGNEE'} | ${'Un projet « Dossier déposé » ne peut pas passer à « Convention signée » : étapes possibles « Retenu », « Refusé », « Abandonné ».'}
      ${'DEPOSE'}          | ${'DEPOSE'}            | ${'Un projet « Dossier déposé » ne peut pas passer à « Dossier déposé » : étapes possibles « Retenu », « Refusé », « Abandonné ».'}
      ${'RETENU'}          | ${'REFUSE'}            | ${'Un projet « Retenu » ne peut pas passer à « Refusé » : étapes possibles « Convention signée », « Abandonné ».'}
      ${'USAGE_DECLARE'}   | ${'ABANDONNE'}         | ${'Un projet « Usage déclaré » ne peut pas passer à « Abandonné » : étapes possibles « Cibles validées », « Solde annulé ».'}
      ${'CIBLES_VALIDEES'} | ${'CLOTURE'}           | ${'Un projet « Cibles validées » ne peut pas passer à « Clôturé » : étapes possibles « Soldé ».'}
      ${'SOLDE'}           | ${'SOLDE_ANNULE'}      | ${'Un projet « Soldé » ne peut pas passer à « Solde annulé » : étapes possibles « Clôturé ».'}
      ${'REFUSE'}          | ${'RETENU'}            | ${'Un projet « Refusé » ne peut pas passer à « Retenu » : il est dans un état final.'}
      ${'ABANDONNE'}       | ${'DEPOSE'}            | ${'Un projet « Abandonné » ne peut pas passer à « Dossier déposé » : il est dans un état final.'}
      ${'CLOTURE'}         | ${'SOLDE'}             | ${'Un projet « Clôturé » ne peut pas passer à « Soldé » : il est dans un état final.'}
    `(
      'in full: $from → $to',
      ({ from, to, message }: { from: ProjectStatus; to: ProjectStatus; message: string }) => {
        expect(checkTransition(from, to, 'CNSA_ADMIN')).toEqual({
          ok: false,
          code: 'TRANSITION_FORBIDDEN',
          message,
        });
      },
    );
  });
});

describe('milestones', () => {
  it('has a French label for each status', () => {
    expect(MILESTONE_STATUS_LABELS).toEqual({
      A_VENIR: 'À venir',
      DECLARE: 'Déclaré',
      VALIDE_ARS: 'Validé ARS',
      VALIDE_CNSA: 'Validé CNSA',
      REJETE: 'Rejeté',
      NON_ATTEINT: 'Non atteint',
    });
    expect(Object.keys(MILESTONE_STATUS_LABELS)).toEqual([...MILESTONE_STATUSES]);
  });

  /** The frozen « today » of these scenarios: the day after the 2024 leap day. */
  const TODAY = '2024-03-01';

  describe('isMilestoneLate and daysLate', () => {
    it.each`
      status           | dueOn           | today           | late     | days   | scenario
      ${'A_VENIR'}     | ${'2024-03-02'} | ${TODAY}        | ${false} | ${0}   | ${'due tomorrow'}
      ${'A_VENIR'}     | ${'2024-03-01'} | ${TODAY}        | ${false} | ${0}   | ${'due today is not late yet'}
      ${'DECLARE'}     | ${'2024-03-01'} | ${TODAY}        | ${false} | ${0}   | ${'declared, due today: not late either'}
      ${'A_VENIR'}     | ${'2024-02-29'} | ${TODAY}        | ${true}  | ${1}   | ${'due yesterday (the leap day): 1 day late'}
      ${'DECLARE'}     | ${'2024-02-29'} | ${TODAY}        | ${true}  | ${1}   | ${'declared but not validated yet'}
      ${'REJETE'}      | ${'2024-02-29'} | ${TODAY}        | ${true}  | ${1}   | ${'rejected evidence'}
      ${'A_VENIR'}     | ${'2024-02-01'} | ${TODAY}        | ${true}  | ${29}  | ${'across February of a leap year'}
      ${'A_VENIR'}     | ${'2023-02-01'} | ${'2023-03-01'} | ${true}  | ${28}  | ${'across February of a common year'}
      ${'DECLARE'}     | ${'2023-03-01'} | ${TODAY}        | ${true}  | ${366} | ${'a year that holds a leap day'}
      ${'A_VENIR'}     | ${'2023-12-31'} | ${'2024-01-01'} | ${true}  | ${1}   | ${'across the year end'}
      ${'REJETE'}      | ${'2024-03-30'} | ${'2024-04-01'} | ${true}  | ${2}   | ${'across the spring clock change, in days not hours'}
      ${'A_VENIR'}     | ${'2024-10-26'} | ${'2024-10-28'} | ${true}  | ${2}   | ${'across the autumn clock change'}
      ${'VALIDE_ARS'}  | ${'2024-02-29'} | ${TODAY}        | ${false} | ${0}   | ${'validated by the ARS'}
      ${'VALIDE_CNSA'} | ${'2024-02-29'} | ${TODAY}        | ${false} | ${0}   | ${'validated by the CNSA'}
      ${'NON_ATTEINT'} | ${'2024-02-29'} | ${TODAY}        | ${false} | ${0}   | ${'missed target: settled, no longer pending'}
    `(
      '$scenario: $status due $dueOn, on $today → late $late, $days days',
      ({
        status,
        dueOn,
        today,
        late,
        days,
      }: {
        status: MilestoneStatus;
        dueOn: string;
        today: string;
        late: boolean;
        days: number;
      }) => {
        expect(isMilestoneLate(status, dueOn, today)).toBe(late);
        expect(daysLate(status, dueOn, today)).toBe(days);
      },
    );

    describe.each<MilestoneStatus>(['VALIDE_ARS', 'VALIDE_CNSA'])(
      'a milestone %s is never late',
      (status) => {
        it.each(['2024-03-02', '2024-03-01', '2024-02-29', '2023-03-01', '2000-01-01'])('due %s', (dueOn) => {
          expect(isMilestoneLate(status, dueOn, TODAY)).toBe(false);
          expect(daysLate(status, dueOn, TODAY)).toBe(0);
        });
      },
    );

    it('calls late exactly the pending statuses', () => {
      expect(MILESTONE_STATUSES.filter((status) => isMilestoneLate(status, '2024-02-29', TODAY))).toEqual([
        'A_VENIR',
        'DECLARE',
        'REJETE',
      ]);
    });

    it.each([1, 2, 28, 29, 30, 365, 366, 1000])('counts %i days back from today', (days) => {
      expect(daysLate('A_VENIR', addDays(TODAY, -days), TODAY)).toBe(days);
    });
  });

  describe('addDays', () => {
    it.each`
      date            | days    | expected        | scenario
      ${'2024-06-15'} | ${0}    | ${'2024-06-15'} | ${'no days'}
      ${'2024-04-30'} | ${1}    | ${'2024-05-01'} | ${'end of a 30-day month'}
      ${'2024-01-31'} | ${1}    | ${'2024-02-01'} | ${'end of a 31-day month'}
      ${'2024-01-31'} | ${30}   | ${'2024-03-01'} | ${'over February of a leap year'}
      ${'2024-02-28'} | ${1}    | ${'2024-02-29'} | ${'onto the leap day'}
      ${'2024-02-29'} | ${1}    | ${'2024-03-01'} | ${'off the leap day'}
      ${'2023-02-28'} | ${1}    | ${'2023-03-01'} | ${'common year: no 29 February'}
      ${'2100-02-28'} | ${1}    | ${'2100-03-01'} | ${'2100 is not a leap year'}
      ${'2000-02-28'} | ${1}    | ${'2000-02-29'} | ${'2000 is one'}
      ${'2024-02-29'} | ${365}  | ${'2025-02-28'} | ${'a year after the leap day'}
      ${'2024-02-29'} | ${366}  | ${'2025-03-01'} | ${'366 days after the leap day'}
      ${'2024-12-31'} | ${1}    | ${'2025-01-01'} | ${'year end'}
      ${'2025-01-01'} | ${-1}   | ${'2024-12-31'} | ${'back over the year end'}
      ${'2024-03-01'} | ${-1}   | ${'2024-02-29'} | ${'back onto the leap day'}
      ${'2024-03-31'} | ${-31}  | ${'2024-02-29'} | ${'back a whole month'}
      ${'2024-03-30'} | ${2}    | ${'2024-04-01'} | ${'over the spring clock change'}
      ${'2024-10-26'} | ${2}    | ${'2024-10-28'} | ${'over the autumn clock change'}
      ${'2022-02-08'} | ${1096} | ${'2025-02-08'} | ${'three years, one leap day among them'}
    `(
      '$scenario: $date + $days → $expected',
      ({ date, days, expected }: { date: string; days: number; expected: string }) => {
        expect(addDays(date, days)).toBe(expected);
      },
    );
  });
});

describe('checkTargetsValidated (« Cibles validées » needs the usage-targets milestone validated by the CNSA)', () => {
  const LABEL = "Cibles d'usage atteintes";
  const target = (status: MilestoneStatus) => ({ code: USAGE_TARGETS_MILESTONE, label: LABEL, status });
  const other = (status: MilestoneStatus) => ({ code: 'INS_QUALIFIEE', label: 'INS qualifiée', status });
  const PREFIX = `Le passage à « Cibles validées » demande le jalon « ${LABEL} » validé par la CNSA ; il est`;

  it.each`
    milestones                                       | message                                                                                                                              | scenario
    ${[target('VALIDE_CNSA')]}                       | ${null}                                                                                                                              | ${'validated by the CNSA'}
    ${[other('A_VENIR'), target('VALIDE_CNSA')]}     | ${null}                                                                                                                              | ${'other milestones do not matter'}
    ${[target('VALIDE_ARS')]}                        | ${`${PREFIX} « Validé ARS » : faites-le valider par la CNSA.`}                                                                       | ${'validated by the ARS only'}
    ${[target('DECLARE')]}                           | ${`${PREFIX} « Déclaré » : faites-le valider par l'ARS puis par la CNSA.`}                                                           | ${'declared'}
    ${[target('A_VENIR')]}                           | ${`${PREFIX} « À venir » : déclarez-le avec ses indicateurs, faites-le valider par l'ARS puis par la CNSA.`}                         | ${'not declared yet'}
    ${[target('REJETE')]}                            | ${`${PREFIX} « Rejeté » : déclarez-le de nouveau, faites-le valider par l'ARS puis par la CNSA.`}                                    | ${'rejected'}
    ${[target('NON_ATTEINT')]}                       | ${`${PREFIX} « Non atteint » : les cibles ne peuvent plus être validées.`}                                                           | ${'not reached'}
    ${[target('VALIDE_CNSA'), target('VALIDE_ARS')]} | ${`${PREFIX} « Validé ARS » : faites-le valider par la CNSA.`}                                                                       | ${'every row must be validated'}
    ${[other('VALIDE_CNSA')]}                        | ${"Le passage à « Cibles validées » demande le jalon « Cibles d'usage atteintes » validé par la CNSA : ce projet n'a pas ce jalon."} | ${'no usage-targets milestone'}
    ${[]}                                            | ${"Le passage à « Cibles validées » demande le jalon « Cibles d'usage atteintes » validé par la CNSA : ce projet n'a pas ce jalon."} | ${'no milestone at all'}
  `(
    '$scenario',
    ({
      milestones,
      message,
    }: {
      milestones: { code: string; label: string; status: MilestoneStatus }[];
      message: string | null;
    }) => {
      const check = checkTargetsValidated(milestones);
      if (message === null) {
        expect(check).toEqual({ ok: true });
      } else {
        expect(check).toMatchObject({ ok: false, code: 'TRANSITION_FORBIDDEN', message });
        expect(check.ok ? null : check.milestone).toEqual(
          milestones.find(
            (milestone) => milestone.code === USAGE_TARGETS_MILESTONE && milestone.status !== 'VALIDE_CNSA',
          ) ?? null,
        );
      }
    },
  );
});

describe('checkTargetsMissed (« Solde annulé » refused once the CNSA validated the targets)', () => {
  const LABEL = "Cibles d'usage atteintes";
  const target = (status: MilestoneStatus) => ({ code: USAGE_TARGETS_MILESTONE, label: LABEL, status });
  const REFUSED = `Le jalon « ${LABEL} » est validé par la CNSA : les cibles sont atteintes, le solde ne peut pas être annulé. Passez le projet à « Cibles validées ».`;

  it.each`
    milestones                                                          | message    | scenario
    ${[]}                                                               | ${null}    | ${'no milestone'}
    ${[target('A_VENIR')]}                                              | ${null}    | ${'not declared'}
    ${[target('DECLARE')]}                                              | ${null}    | ${'declared'}
    ${[target('VALIDE_ARS')]}                                           | ${null}    | ${'validated by the ARS only: the CNSA may still disagree'}
    ${[target('REJETE')]}                                               | ${null}    | ${'rejected'}
    ${[target('NON_ATTEINT')]}                                          | ${null}    | ${'already not reached'}
    ${[{ code: 'INS_QUALIFIEE', label: 'INS', status: 'VALIDE_CNSA' }]} | ${null}    | ${'another milestone validated'}
    ${[target('VALIDE_CNSA')]}                                          | ${REFUSED} | ${'validated by the CNSA'}
  `(
    '$scenario',
    ({
      milestones,
      message,
    }: {
      milestones: { code: string; label: string; status: MilestoneStatus }[];
      message: string | null;
    }) => {
      const check = checkTargetsMissed(milestones);
      if (message === null) expect(check).toEqual({ ok: true });
      else
        expect(check).toEqual({ ok: false, code: 'TRANSITION_FORBIDDEN', message, milestone: milestones[0] });
    },
  );
});
