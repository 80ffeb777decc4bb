import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';

export const DEFAULT_MAIL_FROM = 'Pilotage ESMS numérique <ne-pas-repondre@esms-numerique.localhost>';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailReceipt {
  /** `smtp`: handed to the SMTP server; `log`: no SMTP server configured, written to the log. */
  transport: 'smtp' | 'log';
  messageId: string | null;
  accepted: string[];
}

/**
 * Outgoing e-mail. With `SMTP_URL`, messages go to that server (nodemailer, one pooled connection); without it
 * (development, demo), they are written to the log instead — said once at startup so that nobody waits for them.
 */
@Injectable()
export class MailService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private transporter: Transporter | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get from(): string {
    return this.config.mailFrom ?? DEFAULT_MAIL_FROM;
  }

  onModuleInit(): void {
    if (this.config.smtpUrl) {
      this.transporter = createTransport(this.config.smtpUrl);
      this.logger.log(`E-mails envoyés par SMTP (${describeSmtpUrl(this.config.smtpUrl)}), expéditeur ${this.from}.`);
    } else {
      this.logger.warn("SMTP_URL n'est pas défini : les e-mails ne sont pas envoyés, ils sont écrits dans le journal.");
    }
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    if (message.to.length === 0) throw new Error('E-mail sans destinataire.');
    if (!this.transporter) {
      const files = (message.attachments ?? []).map((file) => `${file.filename} (${file.content.length} octets)`);
      this.logger.log(
        `E-mail non envoyé (SMTP_URL absent) — à : ${message.to.join(', ')} ; objet : « ${message.subject} »${files.length > 0 ? ` ; pièces jointes : ${files.join(', ')}` : ''}.`,
      );
      return { transport: 'log', messageId: null, accepted: [...message.to] };
    }
    const info = (await this.transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((file) => ({
        filename: file.filename,
        content: file.content,
        contentType: file.contentType,
      })),
    })) as { messageId?: string; accepted?: (string | { address: string })[] };
    return {
      transport: 'smtp',
      messageId: info.messageId ?? null,
      accepted: (info.accepted ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address)),
    };
  }
}

/** Host and port of an SMTP URL for the log, without credentials. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return 'URL illisible';
  }
}
