import { LoginAttemptEntity } from '../modules/auth/login-attempt.entity';
import { OidcLoginStateEntity } from '../modules/auth/oidc-login-state.entity';
import { UserSessionEntity } from '../modules/auth/user-session.entity';
import { CampaignEntity } from '../modules/campaigns/campaign.entity';
import { EssmsCategoryEntity } from '../modules/essms/essms-category.entity';
import { GradesEntity } from '../modules/organisations/grades.entity';
import { RegionEntity } from '../modules/organisations/region.entity';
import { OidcOrganisationEntity } from '../modules/users/oidc-organisation.entity';
import { UserEntity } from '../modules/users/user.entity';

/** Every entity, listed as classes so that the bundled API and the TypeORM CLI see the same set. */
export const ENTITIES = [
  RegionEntity,
  GradesEntity,
  EssmsCategoryEntity,
  CampaignEntity,
  UserEntity,
  OidcOrganisationEntity,
  UserSessionEntity,
  LoginAttemptEntity,
  OidcLoginStateEntity,
];
