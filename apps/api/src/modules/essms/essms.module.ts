import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DuiSoftwareController } from './dui-software.controller';
import { DuiSoftwareService } from './dui-software.service';
import { EssmsCategoryEntity } from './essms-category.entity';
import { EssmsController } from './essms.controller';
import { EssmsService } from './essms.service';

@Module({
  imports: [TypeOrmModule.forFeature([EssmsCategoryEntity])],
  controllers: [EssmsController, DuiSoftwareController],
  providers: [EssmsService, DuiSoftwareService],
  exports: [EssmsService, DuiSoftwareService],
})
export class EssmsModule {}
