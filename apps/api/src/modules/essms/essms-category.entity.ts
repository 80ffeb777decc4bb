import type { EssmsSector } from '@esms/domain';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** FINESS category of an ESSMS (500 EHPAD, 183 IME…) and the programme sector it belongs to. */
@Entity({ name: 'essms_category' })
@Index('ix_essms_category_sector', ['sector'])
@Check('chk_essms_category_code', `"code" ~ '^[0-9]{3}$'`)
@Check(
  'chk_essms_category_sector',
  `"sector" IN ('PA', 'DOMICILE', 'PH_ENFANTS', 'PH_ADULTES', 'PROTECTION_ENFANCE', 'AHI', 'DIFFICULTES_SPECIFIQUES', 'PJM')`,
)
export class EssmsCategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  code: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'varchar', length: 32 })
  sector: EssmsSector;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
