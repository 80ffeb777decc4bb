import type { Territory } from '@esms/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { GradesEntity } from './grades.entity';

/** One of the 18 regions and its ARS (INSEE region code). */
@Entity({ name: 'region' })
@Unique('uq_region_name', ['name'])
@Check('chk_region_code', `"code" ~ '^[0-9]{2}$'`)
@Check('chk_region_territory', `"territory" IN ('metropole', 'corse', 'outre_mer')`)
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  arsName: string;

  @Column({ type: 'varchar', length: 16 })
  territory: Territory;

  @ManyToMany(() => GradesEntity, (grades) => grades.regions)
  @JoinTable({
    name: 'region_grades',
    joinColumn: {
      name: 'region_code',
      referencedColumnName: 'code',
      foreignKeyConstraintName: 'fk_region_grades_region',
    },
    inverseJoinColumn: {
      name: 'grades_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_region_grades_grades',
    },
  })
  grades: GradesEntity[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
