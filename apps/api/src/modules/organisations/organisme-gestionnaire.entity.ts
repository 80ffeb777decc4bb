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

import { RegionEntity } from './region.entity';

/** Organisme gestionnaire: the legal entity (FINESS juridique) that runs one or more ESSMS. */
@Entity({ name: 'organisme_gestionnaire' })
@Unique('uq_organisme_gestionnaire_finess', ['finessJuridique'])
@Index('ix_organisme_gestionnaire_region', ['regionCode'])
@Index('ix_organisme_gestionnaire_search_name', ['searchName', 'id'])
@Check('chk_organisme_gestionnaire_finess', `"finess_juridique" ~ '^([0-9]{2}|2A|2B)[0-9]{7}$'`)
@Check('chk_organisme_gestionnaire_siren', `"siren" IS NULL OR "siren" ~ '^[0-9]{9}$'`)
export class OrganismeGestionnaireEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 9 })
  finessJuridique: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** The name folded for search (lower case, no accents), kept by a database trigger: never written by the API. */
  @Column({ type: 'text', select: false, insert: false, update: false })
  searchName: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  siren: string | null;

  @Column({ type: 'varchar', length: 2 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_organisme_gestionnaire_region',
  })
  region: RegionEntity;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
