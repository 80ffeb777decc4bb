import type { CampaignResponse } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';
import { CampaignEntity } from './campaign.entity';
import { toCampaignResponse } from './campaigns.mapper';

@Injectable()
export class CampaignsService {
  constructor(@InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>) {}

  async list(): Promise<CampaignResponse[]> {
    const rows = await this.campaigns.find({ order: { year: 'ASC' } });
    return rows.map(toCampaignResponse);
  }

  async get(year: number): Promise<CampaignResponse> {
    const campaign = await this.campaigns.findOneBy({ year });
    if (!campaign) throw DomainException.notFound(`Campagne ${year}`, 'year');
    return toCampaignResponse(campaign);
  }
}
