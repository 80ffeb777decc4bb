import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { GestionnairesController } from './gestionnaires.controller';
import { GestionnairesService } from './gestionnaires.service';
import { GradesEntity } from './grades.entity';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { RegionEntity } from './region.entity';

@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, GradesEntity])],
  controllers: [OrganisationsController, GestionnairesController],
  providers: [OrganisationsService, GestionnairesService],
  exports: [OrganisationsService, GestionnairesService],
})
export class OrganisationsModule {}
