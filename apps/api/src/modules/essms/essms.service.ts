import type { EssmsCategoryResponse } from '@esms/api-contract';
import { ESSMS_SECTORS, SECTOR_LABELS } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { EssmsCategoryEntity } from './essms-category.entity';

@Injectable()
export class EssmsService {
  constructor(@InjectRepository(EssmsCategoryEntity) private readonly categories: Repository<EssmsCategoryEntity>) {}

  async listCategories(): Promise<EssmsCategoryResponse[]> {
    const rows = await this.categories.find();
    const sectorRank = (sector: string): number => (ESSMS_SECTORS as readonly string[]).indexOf(sector);
    return rows
      .sort((a, b) => sectorRank(a.sector) - sectorRank(b.sector) || a.code.localeCompare(b.code))
      .map((row) => ({ code: row.code, label: row.label, sector: row.sector, sectorLabel: SECTOR_LABELS[row.sector] }));
  }
}
