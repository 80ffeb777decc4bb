import { Global, Module } from '@nestjs/common';

import { MailService } from './mail.service';

/** Outgoing e-mail (SMTP from SMTP_URL, or the log when it is unset). */
@Global()
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
