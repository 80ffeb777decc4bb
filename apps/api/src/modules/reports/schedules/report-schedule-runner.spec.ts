import { composeRegionMail, frenchLongDate, frenchShortDate, MAX_ATTACHMENT_BYTES } from './report-schedule-runner';
import { ruleOf, runStatus } from './report-schedules.mapper';

const REPORT = { id: 'b9c1', fileName: 'rapport-suivi-53-2026-12-01.xlsx', sizeBytes: 1_572_864, sha256: 'ab'.repeat(32) };

describe('composeRegionMail', () => {
  it('writes a French e-mail for one ARS with its files attached', () => {
    const mail = composeRegionMail({
      scheduleName: 'Rapport mensuel des ARS',
      region: { name: 'Bretagne', arsName: 'ARS Bretagne' },
      asOf: '2026-12-01',
      reports: [REPORT],
      attached: true,
    });
    expect(mail.subject).toBe('Rapport de suivi ESMS numérique — Bretagne — situation au 01/12/2026');
    expect(mail.text).toContain('pour la région Bretagne (ARS Bretagne), situation au 1er décembre 2026');
    expect(mail.text).toContain('Le rapport est joint à ce message :');
    expect(mail.text).toContain(`- rapport-suivi-53-2026-12-01.xlsx (1,5 Mo) — empreinte SHA-256 : ${'ab'.repeat(32)}\n`);
    expect(mail.text).not.toContain('référence');
  });

  it('gives the way to download files too big to attach', () => {
    const mail = composeRegionMail({
      scheduleName: 'Rapport mensuel des ARS',
      region: { name: 'Occitanie', arsName: 'ARS Occitanie' },
      asOf: '2026-03-15',
      reports: [{ ...REPORT, sizeBytes: MAX_ATTACHMENT_BYTES + 1 }],
      attached: false,
    });
    expect(mail.text).toContain('dépasse la taille admise en pièce jointe (7,0 Mo)');
    expect(mail.text).toContain('« Rapports figés »');
    expect(mail.text).toContain('référence b9c1');
    expect(mail.text).toContain('situation au 15 mars 2026');
  });
});

describe('French dates of the e-mails', () => {
  it.each`
    iso             | long                  | short
    ${'2026-01-01'} | ${'1er janvier 2026'} | ${'01/01/2026'}
    ${'2026-08-15'} | ${'15 août 2026'}     | ${'15/08/2026'}
    ${'2027-12-31'} | ${'31 décembre 2027'} | ${'31/12/2027'}
  `('$iso', ({ iso, long, short }: { iso: string; long: string; short: string }) => {
    expect(frenchLongDate(iso)).toBe(long);
    expect(frenchShortDate(iso)).toBe(short);
  });
});

describe('runStatus', () => {
  const result = (status: 'ENVOYE' | 'SANS_DESTINATAIRE' | 'ECHEC') => ({
    regionCode: '53',
    regionName: 'Bretagne',
    status,
    snapshotIds: [],
    recipients: 0,
    attached: false,
  });
  it.each`
    statuses                                 | run
    ${['ENVOYE', 'SANS_DESTINATAIRE']}       | ${'TERMINE'}
    ${[]}                                    | ${'TERMINE'}
    ${['ENVOYE', 'ECHEC']}                   | ${'PARTIEL'}
    ${['ECHEC', 'ECHEC']}                    | ${'ECHEC'}
  `('$statuses → $run', ({ statuses, run }: { statuses: ('ENVOYE' | 'SANS_DESTINATAIRE' | 'ECHEC')[]; run: string }) => {
    expect(runStatus(statuses.map(result))).toBe(run);
  });

  it('reads the rule of a stored schedule', () => {
    expect(ruleOf({ frequency: 'MENSUEL', day_of_month: 5, day_of_week: null, hour: 7 })).toEqual({ frequency: 'MENSUEL', dayOfMonth: 5, hour: 7 });
    expect(ruleOf({ frequency: 'HEBDOMADAIRE', day_of_month: null, day_of_week: 3, hour: 18 })).toEqual({ frequency: 'HEBDOMADAIRE', dayOfWeek: 3, hour: 18 });
  });
});
