import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** A DUI software product and its Ségur referencing (wave, date). */
@Entity({ name: 'dui_software' })
@Unique('uq_dui_software_product', ['editor', 'product', 'version'])
@Check('chk_dui_software_wave', `"segur_wave" IS NULL OR "segur_wave" IN (1, 2)`)
@Check('chk_dui_software_referenced', `NOT "segur_referenced" OR "segur_referenced_at" IS NOT NULL`)
export class DuiSoftwareEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  editor: string;

  @Column({ type: 'varchar', length: 200 })
  product: string;

  @Column({ type: 'varchar', length: 50 })
  version: string;

  @Column({ type: 'smallint', nullable: true })
  segurWave: number | null;

  @Column({ type: 'boolean', default: false })
  segurReferenced: boolean;

  @Column({ type: 'date', nullable: true })
  segurReferencedAt: string | null;

  /** Optimistic lock (`version` is the software's release number). */
  @Column({ type: 'integer', default: 1 })
  rowVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
