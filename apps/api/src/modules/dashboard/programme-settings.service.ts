import type { ProgrammeSettingResponse } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import { UpdateProgrammeSettingDto } from './dto/programme-setting.dto';

interface SettingRow {
  code: string;
  label: string;
  value: string;
  unit: string;
  version: number;
  updated_at: Date;
}

function toResponse(row: SettingRow): ProgrammeSettingResponse {
  return {
    code: row.code,
    label: row.label,
    value: Number(row.value),
    unit: row.unit,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

const COLUMNS = 'code, label, value::text AS value, unit, version, updated_at';

/**
 * Programme-level figures kept as data (`programme_setting`): the target of « ESSMS embarqués » first. National
 * figures: every signed-in user reads them; CNSA administrators edit them, audited in the same transaction. The
 * dashboards' snapshots follow at once (a new audit row changes their stamp).
 */
@Injectable()
export class ProgrammeSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ProgrammeSettingResponse[]> {
    const rows = await this.dataSource.query<SettingRow[]>(`SELECT ${COLUMNS} FROM programme_setting ORDER BY code`);
    return rows.map(toResponse);
  }

  async update(code: string, dto: UpdateProgrammeSettingDto, user: CurrentUser): Promise<ProgrammeSettingResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(code, manager);
      if (current.version !== dto.version) {
        throw new DomainException(
          'STALE_VERSION',
          `« ${current.label} » a été modifié entre-temps par quelqu’un d’autre : rechargez la page avant de recommencer.`,
          'version',
          { current: toResponse(current) },
        );
      }
      if (current.unit === 'ESSMS' && !Number.isInteger(dto.value)) {
        throw new DomainException('VALIDATION_FAILED', 'La cible est un nombre d’ESSMS : saisissez un nombre entier.', 'value');
      }
      const before = Number(current.value);
      if (before === dto.value) return toResponse(current);
      await manager.query(`UPDATE programme_setting SET value = $2, version = version + 1, updated_at = now() WHERE code = $1`, [
        code,
        dto.value,
      ]);
      await this.audit.record(manager, user, {
        action: 'UPDATE',
        entityType: 'programme_setting',
        entityId: code,
        regionCode: null,
        changes: diff({ value: before }, { value: dto.value }),
      });
      return toResponse(await this.lock(code, manager));
    });
  }

  private async lock(code: string, manager: EntityManager): Promise<SettingRow> {
    const [row] = await manager.query<SettingRow[]>(`SELECT ${COLUMNS} FROM programme_setting WHERE code = $1 FOR UPDATE`, [code]);
    if (!row) throw DomainException.notFound('Paramètre du programme', 'code');
    return row;
  }
}
