import type { GradesResponse, RegionResponse } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';
import { GradesEntity } from './grades.entity';
import { toGradesResponse, toRegionResponse } from './organisations.mapper';
import { RegionEntity } from './region.entity';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
    @InjectRepository(GradesEntity) private readonly grades: Repository<GradesEntity>,
  ) {}

  async listRegions(): Promise<RegionResponse[]> {
    const rows = await this.regions.find({ relations: { grades: true }, order: { name: 'ASC' } });
    return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr')).map(toRegionResponse);
  }

  async getRegion(code: string): Promise<RegionResponse> {
    const region = await this.regions.findOne({ where: { code }, relations: { grades: true } });
    if (!region) throw DomainException.notFound(`Région ${code}`, 'code');
    return toRegionResponse(region);
  }

  async listGrades(): Promise<GradesResponse[]> {
    const rows = await this.grades.find({ relations: { regions: true } });
    return rows.sort((a, b) => a.name.localeCompare(b.name, 'fr')).map(toGradesResponse);
  }
}
