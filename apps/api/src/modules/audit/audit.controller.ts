import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';

import { Roles } from '../../common/auth/policy';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AuditService, ChainCheck } from './audit.service';

class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;
}

@ApiTags('Audit')
@Controller('audit')
@Roles('AUDITOR', 'CNSA_ADMIN')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "Journal d'audit (du plus récent au plus ancien), filtrable par objet." })
  async list(
    @Query() query: AuditQueryDto,
  ): Promise<{ items: unknown[]; total: number; page: number; pageSize: number }> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (query.entityType) {
      params.push(query.entityType);
      conditions.push(`entity_type = $${params.length}`);
    }
    if (query.entityId) {
      params.push(query.entityId);
      conditions.push(`entity_id = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const total = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM audit_log ${where}`,
      params,
    );
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, occurred_at AS "occurredAt", actor_email AS "actorEmail", action, entity_type AS "entityType",
              entity_id AS "entityId", region_code AS "regionCode", changes, hash
         FROM audit_log ${where} ORDER BY id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return { items: rows, total: Number(total[0]?.count ?? 0), page: query.page, pageSize: query.pageSize };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Vérifie la chaîne de hachage du journal et nomme la première ligne altérée.' })
  verify(): Promise<ChainCheck> {
    return this.audit.verify();
  }
}
