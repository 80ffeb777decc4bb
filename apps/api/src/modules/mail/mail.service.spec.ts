import type { AppConfig } from '../../config/app-config';
import { DEFAULT_MAIL_FROM, describeSmtpUrl, MailService } from './mail.service';

const config = (overrides: Partial<AppConfig> = {}): AppConfig => ({ ...({} as AppConfig), ...overrides });

describe('MailService without SMTP_URL (development, demo)', () => {
  it('writes the e-mail to the log instead of sending it, and says so', async () => {
    const service = new MailService(config());
    service.onModuleInit();
    const receipt = await service.send({
      to: ['ars.bretagne@ars.demo'],
      subject: 'Rapport',
      text: 'Bonjour',
      attachments: [{ filename: 'rapport.xlsx', content: Buffer.from('xlsx'), contentType: 'application/octet-stream' }],
    });
    expect(receipt).toEqual({ transport: 'log', messageId: null, accepted: ['ars.bretagne@ars.demo'] });
    expect(service.from).toBe(DEFAULT_MAIL_FROM);
  });

  it('refuses an e-mail without recipient', async () => {
    const service = new MailService(config({ mailFrom: 'CNSA <rapports@cnsa.fr>' }));
    expect(service.from).toBe('CNSA <rapports@cnsa.fr>');
    await expect(service.send({ to: [], subject: 'x', text: 'x' })).rejects.toThrow('sans destinataire');
  });
});

describe('describeSmtpUrl', () => {
  it.each`
    url                                              | shown
    ${'smtp://user:secret@smtp.example.fr:587'}      | ${'smtp://smtp.example.fr:587'}
    ${'smtps://user:secret@smtp.example.fr'}         | ${'smtps://smtp.example.fr:465'}
    ${'smtp://relais.ars.fr'}                        | ${'smtp://relais.ars.fr:587'}
    ${'pas une url'}                                 | ${'URL illisible'}
  `('$url → $shown (never the password)', ({ url, shown }: { url: string; shown: string }) => {
    expect(describeSmtpUrl(url)).toBe(shown);
    expect(describeSmtpUrl(url)).not.toContain('secret');
  });
});
