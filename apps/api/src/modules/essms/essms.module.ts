import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { EssmsCategoryEntity } from './essms-category.entity';
import { EssmsController } from './essms.controller';
import { EssmsService } from './essms.service';

@Module({
  imports: [TypeOrmModule.forFeature([EssmsCategoryEntity])],
  controllers: [EssmsController],
  providers: [EssmsService],
})
export class EssmsModule {}
