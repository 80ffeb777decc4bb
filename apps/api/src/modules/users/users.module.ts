import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { OidcOrganisationsController } from './oidc-organisations.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController, OidcOrganisationsController],
  providers: [UsersService],
})
export class UsersModule {}
