import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ManyToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { RegionEntity } from './region.entity';

/** Groupement régional d'appui au développement de la e-santé. One GRADeS may serve several regions. */
@Entity({ name: 'grades' })
@Unique('uq_grades_code', ['code'])
@Check('chk_grades_legal_form', `"legal_form" IS NULL OR "legal_form" IN ('GIP', 'GCS')`)
export class GradesEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  legalForm: string | null;

  @ManyToMany(() => RegionEntity, (region) => region.grades)
  regions: RegionEntity[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
