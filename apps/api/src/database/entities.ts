import { LoginAttemptEntity } from '../modules/auth/login-attempt.entity';
import { OidcLoginStateEntity } from '../modules/auth/oidc-login-state.entity';
import { UserSessionEntity } from '../modules/auth/user-session.entity';
import { AuditLogEntity } from '../modules/audit/audit-log.entity';
import { FundingRuleEntity, MilestoneTypeEntity, UsageIndicatorEntity } from '../modules/campaigns/campaign-rules.entity';
import { CampaignEntity } from '../modules/campaigns/campaign.entity';
import { DashboardSnapshotEntity } from '../modules/dashboard/dashboard-snapshot.entity';
import { ProgrammeSettingEntity } from '../modules/dashboard/programme-setting.entity';
import { EnvelopeAmendmentEntity, EnvelopeEntity, EnvelopeTransferEntity } from '../modules/envelopes/envelope.entity';
import { DuiSoftwareEntity } from '../modules/essms/dui-software.entity';
import { EssmsEntity } from '../modules/essms/essms.entity';
import { MilestoneEntity, MilestoneEvidenceEntity } from '../modules/milestones/milestone.entity';
import { OrganismeGestionnaireEntity } from '../modules/organisations/organisme-gestionnaire.entity';
import { PaymentEntity } from '../modules/payments/payment.entity';
import { CommentEntity } from '../modules/projects/comment.entity';
import { ProjectEntity, ProjectMemberEntity } from '../modules/projects/project.entity';
import { EssmsCategoryEntity } from '../modules/essms/essms-category.entity';
import { GradesEntity } from '../modules/organisations/grades.entity';
import { ImportBatchEntity } from '../modules/imports/import-batch.entity';
import { RegionEntity } from '../modules/organisations/region.entity';
import { OidcOrganisationEntity } from '../modules/users/oidc-organisation.entity';
import { UserEntity } from '../modules/users/user.entity';
import { ReportSnapshotEntity } from '../modules/reports/report-snapshot.entity';
import { AlertEntity, AlertSeenEntity, CampaignRiskParametersEntity, ProjectRiskDailyEntity, ProjectRiskEntity, RiskEntity } from '../modules/risks/risk.entity';
import { ReportScheduleEntity, ReportScheduleRunEntity } from '../modules/reports/schedules/report-schedule.entity';

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
  OrganismeGestionnaireEntity,
  EssmsEntity,
  DuiSoftwareEntity,
  FundingRuleEntity,
  MilestoneTypeEntity,
  UsageIndicatorEntity,
  EnvelopeEntity,
  EnvelopeAmendmentEntity,
  EnvelopeTransferEntity,
  ProjectEntity,
  ProjectMemberEntity,
  MilestoneEntity,
  MilestoneEvidenceEntity,
  PaymentEntity,
  CommentEntity,
  AuditLogEntity,
  ProgrammeSettingEntity,
  DashboardSnapshotEntity,
  ImportBatchEntity,
  ReportSnapshotEntity,
  ProjectRiskEntity,
  ProjectRiskDailyEntity,
  RiskEntity,
  AlertEntity,
  AlertSeenEntity,
  CampaignRiskParametersEntity,
  ReportScheduleEntity,
  ReportScheduleRunEntity,
];
