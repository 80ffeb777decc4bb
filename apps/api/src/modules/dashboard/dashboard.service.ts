import type { NationalDashboardResponse, RegionalDashboardResponse } from '@esms/api-contract';
import { DASHBOARD_LATE_PROJECTS_LIMIT } from '@esms/api-contract';
import { isInScope } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { PreparedQueries } from '../../common/database/prepared-query';
import { DomainException } from '../../common/errors/domain.exception';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DashboardLoad, DashboardPayload, EncodedPayload, loadDashboard, MissGuard } from './dashboard-loader';
import { dayInParis, type DashboardSqlInput } from './dashboard-queries';

/**
 * The national and regional dashboards: aggregates computed in PostgreSQL (dashboard-queries.ts), shared as
 * snapshots between instances until the next audited write. The national dashboard holds aggregates only (no
 * project row), which every signed-in user may read; the regional one is scoped to the user's regions (another
 * region is not found).
 */
@Injectable()
export class DashboardService {
  /** Misses computed once (see MissGuard): in flight in this process, and under an advisory lock across instances. */
  private readonly guard: MissGuard = {
    inflight: new Map<string, Promise<DashboardLoad>>(),
    transaction: (work) => this.dataSource.transaction((manager) => work((text, values) => manager.query(text, values))),
  };

  /** The snapshot lookup, run by every read, is prepared once per connection; a miss's statements are not. */
  private readonly prepared: PreparedQueries;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.prepared = new PreparedQueries(dataSource);
  }

  async national(
    query: DashboardQueryDto,
    gzip: boolean,
  ): Promise<EncodedPayload<NationalDashboardResponse>> {
    return (await this.load(this.input(query, null), gzip)) as EncodedPayload<NationalDashboardResponse>;
  }

  async regional(
    user: CurrentUser,
    code: string,
    query: DashboardQueryDto,
    gzip: boolean,
  ): Promise<EncodedPayload<RegionalDashboardResponse>> {
    // Out of scope: not found, without a query (the SQL applies the same scope again).
    if (!/^\d{2}$/.test(code) || !isInScope(user.scope, code))
      throw DomainException.notFound('Région', 'code');
    return (await this.load(
      this.input(query, { code, scope: user.scope }),
      gzip,
    )) as EncodedPayload<RegionalDashboardResponse>;
  }

  private input(query: DashboardQueryDto, region: DashboardSqlInput['region']): DashboardSqlInput {
    return {
      today: dayInParis(),
      campaign: query.campaign ?? null,
      callType: query.callType ?? null,
      sector: query.sector ?? null,
      region,
      lateProjectsLimit: DASHBOARD_LATE_PROJECTS_LIMIT,
    };
  }

  private async load(input: DashboardSqlInput, gzip: boolean): Promise<EncodedPayload<DashboardPayload>> {
    const result = await loadDashboard(
      (text, values) => this.prepared.query(text, values),
      input,
      gzip,
      undefined,
      this.guard,
    );
    switch (result.kind) {
      case 'ok':
        return result.payload;
      case 'not-found':
        throw DomainException.notFound('Région', 'code');
      case 'unknown-campaign':
        throw new DomainException(
          'VALIDATION_FAILED',
          `La campagne ${String(input.campaign)} n'existe pas : choisissez l'une des campagnes ${result.campaignYears.join(', ')}.`,
          'campaign',
        );
    }
  }
}
