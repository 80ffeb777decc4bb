import type { OrganisationKind, Role } from '@esms/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { GradesEntity } from '../organisations/grades.entity';
import { RegionEntity } from '../organisations/region.entity';

/** A staff account of the CNSA, an ARS or a GRADeS. Holds no personal data beyond name and work e-mail. */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_email', ['email'])
@Index('ix_app_user_region', ['regionCode'])
@Index('ix_app_user_grades', ['gradesId'])
@Check('chk_app_user_email', `"email" = lower("email") AND "email" LIKE '%_@_%'`)
@Check(
  'chk_app_user_role',
  `"role" IN ('CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR', 'ARS_OFFICER', 'GRADES_MEMBER')`,
)
@Check(
  'chk_app_user_organisation',
  `("organisation_kind" = 'CNSA' AND "role" IN ('CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR') AND "region_code" IS NULL AND "grades_id" IS NULL)
   OR ("organisation_kind" = 'ARS' AND "role" = 'ARS_OFFICER' AND "region_code" IS NOT NULL AND "grades_id" IS NULL)
   OR ("organisation_kind" = 'GRADES' AND "role" = 'GRADES_MEMBER' AND "grades_id" IS NOT NULL AND "region_code" IS NULL)`,
)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'varchar', length: 8 })
  organisationKind: OrganisationKind;

  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_app_user_region',
  })
  region: RegionEntity | null;

  @Column({ type: 'integer', nullable: true })
  gradesId: number | null;

  @ManyToOne(() => GradesEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'grades_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_app_user_grades',
  })
  grades: GradesEntity | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
