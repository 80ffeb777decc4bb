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

import { OrganismeGestionnaireEntity } from '../organisations/organisme-gestionnaire.entity';
import { RegionEntity } from '../organisations/region.entity';
import { EssmsCategoryEntity } from './essms-category.entity';

/** One facility or service (FINESS géographique), run by an OG. Programme data only: no data about people. */
@Entity({ name: 'essms' })
@Unique('uq_essms_finess', ['finessGeo'])
@Index('ix_essms_region', ['regionCode'])
@Index('ix_essms_og', ['ogId'])
@Index('ix_essms_category', ['categoryCode'])
@Index('ix_essms_search_name', ['searchName', 'id'])
@Check('chk_essms_finess', `"finess_geo" ~ '^([0-9]{2}|2A|2B)[0-9]{7}$'`)
@Check('chk_essms_capacity', `"capacity" IS NULL OR "capacity" >= 0`)
export class EssmsEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 9 })
  finessGeo: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** The name folded for search (lower case, no accents), kept by a database trigger: never written by the API. */
  @Column({ type: 'text', select: false, insert: false, update: false })
  searchName: string;

  @Column({ type: 'varchar', length: 3 })
  categoryCode: string;

  @ManyToOne(() => EssmsCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'category_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_essms_category',
  })
  category: EssmsCategoryEntity;

  @Column({ type: 'varchar', length: 3 })
  departement: string;

  @Column({ type: 'varchar', length: 2 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_essms_region',
  })
  region: RegionEntity;

  @Column({ type: 'uuid' })
  ogId: string;

  @ManyToOne(() => OrganismeGestionnaireEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'og_id', foreignKeyConstraintName: 'fk_essms_og' })
  og: OrganismeGestionnaireEntity;

  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
