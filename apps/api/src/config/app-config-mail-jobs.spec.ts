import { ConfigError, readEnvironment } from './app-config';

/** The variables of e-mail and background jobs (SMTP_URL, MAIL_FROM, JOBS_ENABLED, JOBS_POLLING_SECONDS). */
describe('readEnvironment: e-mail and background jobs', () => {
  it('defaults to no SMTP server (e-mails logged), a local sender and jobs on', () => {
    const env = readEnvironment({});
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe('Pilotage ESMS numérique <ne-pas-repondre@esms-numerique.localhost>');
    expect(env.JOBS_ENABLED).toBe(true);
    expect(env.JOBS_POLLING_SECONDS).toBeUndefined();
  });

  it.each`
    variables                                                                   | expected
    ${{ SMTP_URL: 'smtp://relais.ars.fr:25' }}                                  | ${{ SMTP_URL: 'smtp://relais.ars.fr:25' }}
    ${{ SMTP_URL: 'smtps://esms:s3cret@smtp.example.gouv.fr:465' }}             | ${{ SMTP_URL: 'smtps://esms:s3cret@smtp.example.gouv.fr:465' }}
    ${{ SMTP_URL: '  ' }}                                                       | ${{ SMTP_URL: undefined }}
    ${{ MAIL_FROM: 'rapports@cnsa.fr' }}                                        | ${{ MAIL_FROM: 'rapports@cnsa.fr' }}
    ${{ MAIL_FROM: ' CNSA — Rapports <rapports@cnsa.fr> ' }}                    | ${{ MAIL_FROM: 'CNSA — Rapports <rapports@cnsa.fr>' }}
    ${{ JOBS_ENABLED: 'false' }}                                                | ${{ JOBS_ENABLED: false }}
    ${{ JOBS_ENABLED: 'non' }}                                                  | ${{ JOBS_ENABLED: false }}
    ${{ JOBS_POLLING_SECONDS: '1' }}                                            | ${{ JOBS_POLLING_SECONDS: 1 }}
    ${{ JOBS_POLLING_SECONDS: ' 45 ' }}                                         | ${{ JOBS_POLLING_SECONDS: 45 }}
    ${{ JOBS_POLLING_SECONDS: '' }}                                             | ${{ JOBS_POLLING_SECONDS: undefined }}
  `('accepts $variables', ({ variables, expected }: { variables: NodeJS.ProcessEnv; expected: object }) => {
    expect(readEnvironment(variables)).toMatchObject(expected);
  });

  it.each`
    variables                                               | message
    ${{ SMTP_URL: 'http://smtp.example.fr' }}               | ${'SMTP_URL doit être une URL SMTP'}
    ${{ SMTP_URL: 'smtp://esms:s3cret@ hôte' }}             | ${'SMTP_URL doit être une URL SMTP'}
    ${{ MAIL_FROM: 'pas une adresse' }}                     | ${'MAIL_FROM doit être une adresse e-mail'}
    ${{ MAIL_FROM: 'a@b.fr\r\nBcc: x@y.fr' }}               | ${'MAIL_FROM doit être une adresse e-mail'}
    ${{ JOBS_ENABLED: 'parfois' }}                          | ${'JOBS_ENABLED doit valoir true ou false'}
    ${{ JOBS_POLLING_SECONDS: '0' }}                        | ${'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45'}
    ${{ JOBS_POLLING_SECONDS: '60' }}                       | ${'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45'}
    ${{ JOBS_POLLING_SECONDS: '1,5' }}                      | ${'JOBS_POLLING_SECONDS doit être un entier entre 1 et 45'}
  `('refuses $variables in French, without showing a password', ({ variables, message }: { variables: NodeJS.ProcessEnv; message: string }) => {
    let error: unknown;
    try {
      readEnvironment(variables);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
