import type { OidcOrganisationResponse } from '@esms/api-contract';
import { organisationKindOfRole } from '@esms/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { Roles } from '../../common/auth/policy';
import { DomainException } from '../../common/errors/domain.exception';
import { CreateOidcOrganisationDto } from './dto/oidc-organisation.dto';

interface Row {
  id: number;
  siret: string;
  email_domain: string | null;
  label: string;
  organisation_kind: OidcOrganisationResponse['kind'];
  region_code: string | null;
  grades_id: number | null;
  default_role: OidcOrganisationResponse['defaultRole'];
}

const toResponse = (row: Row): OidcOrganisationResponse => ({
  id: row.id,
  siret: row.siret,
  emailDomain: row.email_domain,
  label: row.label,
  kind: row.organisation_kind,
  regionCode: row.region_code,
  gradesId: row.grades_id,
  defaultRole: row.default_role,
});

const idPipe = new ParseIntPipe({
  exceptionFactory: () => new DomainException('VALIDATION_FAILED', "L'identifiant doit être un nombre entier.", 'id'),
});

/** Organisations recognised at ProConnect sign-in (SIRET → CNSA, ARS or GRADeS), administered by the CNSA. */
@ApiTags('Utilisateurs')
@Controller('oidc-organisations')
@Roles('CNSA_ADMIN')
export class OidcOrganisationsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Organisations reconnues à la connexion ProConnect.' })
  async list(): Promise<OidcOrganisationResponse[]> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM oidc_organisation ORDER BY label, id`);
    return rows.map(toResponse);
  }

  @Post()
  @ApiOperation({ summary: 'Reconnaît une organisation par son SIRET.' })
  async create(@Body() body: CreateOidcOrganisationDto): Promise<OidcOrganisationResponse> {
    const kind = organisationKindOfRole(body.defaultRole);
    if (kind === 'ARS' && !body.regionCode) {
      throw new DomainException('VALIDATION_FAILED', 'Une ARS doit être rattachée à sa région.', 'regionCode');
    }
    if (kind === 'GRADES' && !body.gradesId) {
      throw new DomainException('VALIDATION_FAILED', 'Un GRADeS doit être désigné.', 'gradesId');
    }
    const regionCode = kind === 'ARS' ? (body.regionCode ?? null) : null;
    const gradesId = kind === 'GRADES' ? (body.gradesId ?? null) : null;
    if (regionCode && (await this.dataSource.query<unknown[]>(`SELECT 1 FROM region WHERE code = $1`, [regionCode])).length === 0) {
      throw new DomainException('VALIDATION_FAILED', `La région ${regionCode} n'existe pas.`, 'regionCode');
    }
    if (gradesId && (await this.dataSource.query<unknown[]>(`SELECT 1 FROM grades WHERE id = $1`, [gradesId])).length === 0) {
      throw new DomainException('VALIDATION_FAILED', `Le GRADeS ${gradesId} n'existe pas.`, 'gradesId');
    }
    const rows = await this.dataSource.query<Row[]>(
      `INSERT INTO oidc_organisation (siret, email_domain, label, organisation_kind, region_code, grades_id, default_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (siret) DO NOTHING RETURNING *`,
      [body.siret, body.emailDomain ?? null, body.label.trim(), kind, regionCode, gradesId, body.defaultRole],
    );
    const row = rows[0];
    if (!row) throw new DomainException('CONFLICT', `Le SIRET ${body.siret} est déjà reconnu.`, 'siret');
    return toResponse(row);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ne reconnaît plus cette organisation (les comptes existants restent).' })
  async remove(@Param('id', idPipe) id: number): Promise<void> {
    // Beyond PostgreSQL's integer no row can exist, and the query would fail (500) rather than find nothing.
    if (id < 1 || id > 2147483647) throw DomainException.notFound('Organisation', 'id');
    const [, count] = await this.dataSource.query<[unknown[], number]>(`DELETE FROM oidc_organisation WHERE id = $1`, [id]);
    if (count === 0) throw DomainException.notFound('Organisation', 'id');
  }
}
