import { Module } from '@nestjs/common';

import { EnvelopesController } from './envelopes.controller';
import { EnvelopesService } from './envelopes.service';

/** Envelopes, amendments and transfers. The money movements of projects go through {@link EnvelopeLedger}. */
@Module({
  controllers: [EnvelopesController],
  providers: [EnvelopesService],
  exports: [EnvelopesService],
})
export class EnvelopesModule {}
