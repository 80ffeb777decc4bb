import type { OrganisationKind, Role } from '@esms/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { GradesEntity } from '../organisations/grades.entity';
import { RegionEntity } from '../organisations/region.entity';

/**
 * An organisation whose agents may sign in through ProConnect: recognised by the SIRET the identity provider
 * returns (and, when set, the e-mail domain), mapped to the CNSA, an ARS or a GRADeS. Administered by the CNSA.
 */
@Entity({ name: 'oidc_organisation' })
@Unique('uq_oidc_organisation_siret', ['siret'])
@Check('chk_oidc_organisation_siret', `"siret" ~ '^[0-9]{14}$'`)
@Check(
  'chk_oidc_organisation_kind',
  `("organisation_kind" = 'CNSA' AND "default_role" IN ('CNSA_ANALYST', 'AUDITOR', 'CNSA_ADMIN') AND "region_code" IS NULL AND "grades_id" IS NULL)
   OR ("organisation_kind" = 'ARS' AND "default_role" = 'ARS_OFFICER' AND "region_code" IS NOT NULL AND "grades_id" IS NULL)
   OR ("organisation_kind" = 'GRADES' AND "default_role" = 'GRADES_MEMBER' AND "grades_id" IS NOT NULL AND "region_code" IS NULL)`,
)
export class OidcOrganisationEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'varchar', length: 14 })
  siret: string;

  @Column({ type: 'varchar', length: 253, nullable: true })
  emailDomain: string | null;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'varchar', length: 8 })
  organisationKind: OrganisationKind;

  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_oidc_organisation_region',
  })
  region: RegionEntity | null;

  @Column({ type: 'integer', nullable: true })
  gradesId: number | null;

  @ManyToOne(() => GradesEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'grades_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_oidc_organisation_grades',
  })
  grades: GradesEntity | null;

  @Column({ type: 'varchar', length: 20 })
  defaultRole: Role;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
