import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Programme-level figures that are data, not code (../shared/domain.md: what the CNSA may revise stays editable),
 * e.g. `ESSMS_TARGET`, the « cible » of « ESSMS embarqués » (36 500 ESSMS).
 */
@Entity({ name: 'programme_setting' })
@Check('chk_programme_setting_value', `"value" >= 0`)
export class ProgrammeSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  value: string;

  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
