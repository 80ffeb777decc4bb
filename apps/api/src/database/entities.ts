import { CampaignEntity } from '../modules/campaigns/campaign.entity';
import { EssmsCategoryEntity } from '../modules/essms/essms-category.entity';
import { GradesEntity } from '../modules/organisations/grades.entity';
import { RegionEntity } from '../modules/organisations/region.entity';

/** Every entity, listed as classes so that the bundled API and the TypeORM CLI see the same set. */
export const ENTITIES = [RegionEntity, GradesEntity, EssmsCategoryEntity, CampaignEntity];
