import {
  ENVELOPE_LINE_LABELS,
  type CreateEnvelopeTransferResponse,
  type EnvelopeDetailResponse,
  type EnvelopeHolderKind,
  type EnvelopeLine,
  type EnvelopeListResponse,
  type EnvelopeResponse,
  type EnvelopeTransferResponse,
  type Page,
} from '@esms/api-contract';
import { centsFromDb, formatEuros } from '@esms/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import { AuditService, diff } from '../audit/audit.service';
import {
  CreateEnvelopeAmendmentDto,
  CreateEnvelopeDto,
  CreateEnvelopeTransferDto,
  ListEnvelopeTransfersQueryDto,
  ListEnvelopesQueryDto,
} from './dto/envelope.dto';
import { translateEnvelopeDbError } from './envelope-db-errors';
import { envelopeScopeCondition } from './envelope-scope';
import {
  AMENDMENT_SELECT,
  AmendmentRow,
  compareEnvelopes,
  ENVELOPE_SELECT,
  EnvelopeRow,
  sumAmounts,
  toAmendmentResponse,
  toEnvelopeResponse,
  toTransferResponse,
  TRANSFER_SELECT,
  TransferRow,
} from './envelopes.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row the transaction has just written and reads back: missing means a bug, not a user error. */
function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('Ligne écrite dans la transaction introuvable à la relecture.');
  return value;
}

type Reader = Pick<CurrentUser, 'scope' | 'role' | 'gradesId'>;

/** The envelope fields a write reads under its lock. */
interface LockedEnvelope {
  id: string;
  campaign_year: number;
  holder_kind: EnvelopeHolderKind;
  region_code: string | null;
  line: EnvelopeLine;
  delegated_cents: string;
  committed_cents: string;
  version: number;
}

/**
 * Envelopes of a campaign (national, ARS, GRADeS × line), their amendments and the transfers between them. Every
 * read is scoped in the SQL; every write is one transaction that locks the envelopes it changes, refuses to leave
 * an envelope below what it has committed, and writes the audit log last.
 */
@Injectable()
export class EnvelopesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: Reader, query: ListEnvelopesQueryDto): Promise<EnvelopeListResponse> {
    const params: unknown[] = [];
    const conditions = [envelopeScopeCondition(user, 'e', params)];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`e.campaign_year = $${params.length}`);
    }
    if (query.holder !== undefined) {
      params.push(query.holder);
      conditions.push(`e.holder_kind = $${params.length}`);
    }
    if (query.line !== undefined) {
      params.push(query.line);
      conditions.push(`e.line = $${params.length}`);
    }
    if (query.region !== undefined) {
      params.push(query.region);
      const region = `$${params.length}`;
      conditions.push(
        `((e.holder_kind = 'ARS' AND e.region_code = ${region})
          OR (e.holder_kind = 'GRADES' AND e.grades_id IN (SELECT rg.grades_id FROM region_grades rg WHERE rg.region_code = ${region})))`,
      );
    }
    const rows = await this.dataSource.query<EnvelopeRow[]>(
      `${ENVELOPE_SELECT} WHERE ${conditions.join(' AND ')}`,
      params,
    );
    const items = rows.map(toEnvelopeResponse).sort(compareEnvelopes);
    return { items, total: items.length, page: 1, pageSize: items.length, totals: sumAmounts(items) };
  }

  async get(
    user: Reader,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EnvelopeDetailResponse> {
    const envelope = await this.findOne(user, id, manager);
    if (!envelope) throw DomainException.notFound('Enveloppe', 'id');
    const amendments = await manager.query<AmendmentRow[]>(
      `${AMENDMENT_SELECT} WHERE a.envelope_id = $1 ORDER BY a.decided_on DESC, a.created_at DESC, a.id`,
      [envelope.id],
    );
    const transfers = await manager.query<TransferRow[]>(
      `${TRANSFER_SELECT} WHERE t.from_envelope_id = $1 OR t.to_envelope_id = $1 ORDER BY t.decided_on DESC, t.created_at DESC, t.id`,
      [envelope.id],
    );
    return {
      ...envelope,
      amendments: amendments.map(toAmendmentResponse),
      transfers: transfers.map(toTransferResponse),
    };
  }

  async listTransfers(
    user: Reader,
    query: ListEnvelopeTransfersQueryDto,
  ): Promise<Page<EnvelopeTransferResponse>> {
    const params: unknown[] = [];
    const conditions = [
      `(${envelopeScopeCondition(user, 'f', params)} OR ${envelopeScopeCondition(user, 'd', params)})`,
    ];
    if (query.campaign !== undefined) {
      params.push(query.campaign);
      conditions.push(`t.campaign_year = $${params.length}`);
    }
    const rows = await this.dataSource.query<TransferRow[]>(
      `${TRANSFER_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY t.decided_on DESC, t.created_at DESC, t.id`,
      params,
    );
    const items = rows.map(toTransferResponse);
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  /** Creates an envelope (delegated = initial). One envelope per campaign, holder and line. */
  async create(user: CurrentUser, dto: CreateEnvelopeDto): Promise<EnvelopeDetailResponse> {
    const regionCode = dto.regionCode ?? null;
    const gradesId = dto.gradesId ?? null;
    this.checkHolder(dto);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.checkReferences(manager, dto.campaignYear, regionCode, gradesId);
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO envelope (campaign_year, holder_kind, region_code, grades_id, line, initial_cents, delegated_cents)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT ON CONSTRAINT uq_envelope_holder_line DO NOTHING
           RETURNING id`,
          [dto.campaignYear, dto.holderKind, regionCode, gradesId, dto.line, dto.initialCents],
        );
        const id = inserted[0]?.id;
        if (!id) {
          const holder = await this.holderName(manager, dto.holderKind, regionCode, gradesId);
          throw new DomainException(
            'CONFLICT',
            `Une enveloppe « ${ENVELOPE_LINE_LABELS[dto.line]} » existe déjà pour ${holder} en ${dto.campaignYear} : modifiez-la par un avenant.`,
            'line',
          );
        }
        await this.audit.record(manager, user, {
          action: 'envelope.create',
          entityType: 'envelope',
          entityId: id,
          regionCode,
          changes: diff(null, {
            campaignYear: dto.campaignYear,
            holderKind: dto.holderKind,
            regionCode,
            gradesId,
            line: dto.line,
            initialCents: dto.initialCents,
            delegatedCents: dto.initialCents,
          }),
        });
        return this.get(user, id, manager);
      });
    } catch (error) {
      throw translateEnvelopeDbError(error, 'initialCents');
    }
  }

  /**
   * Adds an amendment and moves the delegated amount by its delta, in one conditional UPDATE: a cut that would
   * leave the envelope below what it has committed changes nothing and answers ENVELOPE_BELOW_COMMITTED.
   */
  async amend(
    user: CurrentUser,
    id: string,
    dto: CreateEnvelopeAmendmentDto,
  ): Promise<EnvelopeDetailResponse> {
    if (!UUID.test(id)) throw DomainException.notFound('Enveloppe', 'id');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [rows] = await manager.query<[LockedEnvelope[], number]>(
          `UPDATE envelope SET delegated_cents = delegated_cents + $2, version = version + 1, updated_at = now()
            WHERE id = $1 AND delegated_cents + $2 >= committed_cents
            RETURNING id, campaign_year, holder_kind, region_code, line, delegated_cents, committed_cents, version`,
          [id, dto.deltaCents],
        );
        const updated = rows[0];
        if (!updated) {
          const current = await this.lockedState(manager, id, 'id');
          throw this.belowCommitted(-dto.deltaCents, current, 'deltaCents');
        }
        const [amendment] = await manager.query<[{ id: string }]>(
          `INSERT INTO envelope_amendment (envelope_id, delta_cents, reason, decided_on, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [id, dto.deltaCents, dto.reason, dto.decidedOn, user.id],
        );
        const after = centsFromDb(updated.delegated_cents);
        await this.audit.record(manager, user, {
          action: 'envelope.amend',
          entityType: 'envelope',
          entityId: updated.id,
          regionCode: updated.region_code,
          changes: diff(
            { delegatedCents: after - dto.deltaCents, version: updated.version - 1, amendment: null },
            {
              delegatedCents: after,
              version: updated.version,
              amendment: {
                id: amendment.id,
                deltaCents: dto.deltaCents,
                reason: dto.reason,
                decidedOn: dto.decidedOn,
              },
            },
          ),
        });
        return this.get(user, updated.id, manager);
      });
    } catch (error) {
      throw translateEnvelopeDbError(error, 'deltaCents');
    }
  }

  /**
   * Moves delegated credits from one envelope to another of the same campaign and line. Both rows are locked in
   * a fixed order (by id) so that two opposite transfers cannot deadlock; `from` never ends below its committed
   * amount; the sum of the campaign's delegated amounts is unchanged.
   */
  async transfer(user: CurrentUser, dto: CreateEnvelopeTransferDto): Promise<CreateEnvelopeTransferResponse> {
    const fromId = dto.fromEnvelopeId.toLowerCase();
    const toId = dto.toEnvelopeId.toLowerCase();
    if (fromId === toId) {
      throw new DomainException(
        'VALIDATION_FAILED',
        'L’enveloppe destinataire doit être différente de l’enveloppe d’origine.',
        'toEnvelopeId',
      );
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Lock order by id, whatever the direction: two opposite transfers cannot wait on each other.
        const lock = (id: string, field: string): Promise<LockedEnvelope> =>
          this.lockedState(manager, id, field, true);
        let from: LockedEnvelope;
        let to: LockedEnvelope;
        if (fromId < toId) {
          from = await lock(fromId, 'fromEnvelopeId');
          to = await lock(toId, 'toEnvelopeId');
        } else {
          to = await lock(toId, 'toEnvelopeId');
          from = await lock(fromId, 'fromEnvelopeId');
        }
        if (from.campaign_year !== to.campaign_year) {
          throw new DomainException(
            'VALIDATION_FAILED',
            `Les deux enveloppes doivent être de la même campagne (origine ${from.campaign_year}, destinataire ${to.campaign_year}).`,
            'toEnvelopeId',
          );
        }
        if (from.line !== to.line) {
          throw new DomainException(
            'VALIDATION_FAILED',
            `Les deux enveloppes doivent être de la même ligne (origine « ${ENVELOPE_LINE_LABELS[from.line]} », destinataire « ${ENVELOPE_LINE_LABELS[to.line]} »).`,
            'toEnvelopeId',
          );
        }
        const fromDelegated = centsFromDb(from.delegated_cents);
        const toDelegated = centsFromDb(to.delegated_cents);
        if (fromDelegated - dto.amountCents < centsFromDb(from.committed_cents)) {
          throw this.belowCommitted(dto.amountCents, from, 'amountCents');
        }
        await manager.query(
          `UPDATE envelope SET delegated_cents = delegated_cents - $2, version = version + 1, updated_at = now() WHERE id = $1`,
          [fromId, dto.amountCents],
        );
        await manager.query(
          `UPDATE envelope SET delegated_cents = delegated_cents + $2, version = version + 1, updated_at = now() WHERE id = $1`,
          [toId, dto.amountCents],
        );
        const [{ id: transferId }] = await manager.query<[{ id: string }]>(
          `INSERT INTO envelope_transfer (campaign_year, from_envelope_id, to_envelope_id, amount_cents, reason, decided_on, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [from.campaign_year, fromId, toId, dto.amountCents, dto.reason, dto.decidedOn, user.id],
        );
        const movement = {
          transferId,
          amountCents: dto.amountCents,
          reason: dto.reason,
          decidedOn: dto.decidedOn,
        };
        await this.audit.record(manager, user, {
          action: 'envelope.transfer_out',
          entityType: 'envelope',
          entityId: fromId,
          regionCode: from.region_code,
          changes: diff(
            { delegatedCents: fromDelegated, version: from.version, transferOut: null },
            {
              delegatedCents: fromDelegated - dto.amountCents,
              version: from.version + 1,
              transferOut: { ...movement, toEnvelopeId: toId },
            },
          ),
        });
        await this.audit.record(manager, user, {
          action: 'envelope.transfer_in',
          entityType: 'envelope',
          entityId: toId,
          regionCode: to.region_code,
          changes: diff(
            { delegatedCents: toDelegated, version: to.version, transferIn: null },
            {
              delegatedCents: toDelegated + dto.amountCents,
              version: to.version + 1,
              transferIn: { ...movement, fromEnvelopeId: fromId },
            },
          ),
        });
        const [row] = await manager.query<TransferRow[]>(`${TRANSFER_SELECT} WHERE t.id = $1`, [transferId]);
        const fromEnvelope = await this.findOne(user, fromId, manager);
        const toEnvelope = await this.findOne(user, toId, manager);
        return {
          ...toTransferResponse(present(row)),
          fromEnvelope: present(fromEnvelope),
          toEnvelope: present(toEnvelope),
        };
      });
    } catch (error) {
      throw translateEnvelopeDbError(error, 'amountCents');
    }
  }

  private async findOne(
    user: Reader,
    id: string,
    manager: EntityManager,
  ): Promise<EnvelopeResponse | undefined> {
    if (!UUID.test(id)) return undefined;
    const params: unknown[] = [id];
    const scope = envelopeScopeCondition(user, 'e', params);
    const rows = await manager.query<EnvelopeRow[]>(
      `${ENVELOPE_SELECT} WHERE e.id = $1 AND ${scope}`,
      params,
    );
    return rows[0] ? toEnvelopeResponse(rows[0]) : undefined;
  }

  /** The envelope's amounts (locked until the transaction ends when `forUpdate`), or 404 naming `field`. */
  private async lockedState(
    manager: EntityManager,
    id: string,
    field: string,
    forUpdate = false,
  ): Promise<LockedEnvelope> {
    const rows = await manager.query<LockedEnvelope[]>(
      `SELECT id, campaign_year, holder_kind, region_code, line, delegated_cents, committed_cents, version
         FROM envelope WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    const envelope = rows[0];
    if (!envelope) throw DomainException.notFound('Enveloppe', field);
    return envelope;
  }

  /** « Impossible de réduire l'enveloppe de 500 000 € : 1 200 000 € sont déjà engagés. » */
  private belowCommitted(reduction: number, envelope: LockedEnvelope, field: string): DomainException {
    const delegated = centsFromDb(envelope.delegated_cents);
    const committed = centsFromDb(envelope.committed_cents);
    const room = delegated - committed;
    return new DomainException(
      'ENVELOPE_BELOW_COMMITTED',
      `Impossible de réduire l'enveloppe de ${formatEuros(reduction)} : ${formatEuros(committed)} sont déjà engagés ` +
        `sur ${formatEuros(delegated)} délégués (réduction possible : ${formatEuros(room)} au plus).`,
      field,
      {
        delegatedCents: delegated,
        committedCents: committed,
        restToCommitCents: room,
        requestedCents: reduction,
      },
    );
  }

  /** The holder's fields must match its kind (also enforced by chk_envelope_holder). */
  private checkHolder(dto: CreateEnvelopeDto): void {
    const fail = (field: string, message: string): never => {
      throw new DomainException('VALIDATION_FAILED', message, field);
    };
    switch (dto.holderKind) {
      case 'NATIONAL':
        if (dto.regionCode !== undefined)
          fail('regionCode', 'Une enveloppe nationale n’a pas de région : retirez le champ « regionCode ».');
        if (dto.gradesId !== undefined)
          fail('gradesId', 'Une enveloppe nationale n’a pas de GRADeS : retirez le champ « gradesId ».');
        break;
      case 'ARS':
        if (dto.regionCode === undefined)
          fail('regionCode', 'Une enveloppe d’ARS doit indiquer sa région (code INSEE, par exemple 53).');
        if (dto.gradesId !== undefined)
          fail('gradesId', 'Une enveloppe d’ARS n’a pas de GRADeS : retirez le champ « gradesId ».');
        break;
      case 'GRADES':
        if (dto.gradesId === undefined)
          fail('gradesId', 'Une enveloppe de GRADeS doit indiquer son GRADeS (identifiant numérique).');
        if (dto.regionCode !== undefined)
          fail('regionCode', 'Une enveloppe de GRADeS n’a pas de région : retirez le champ « regionCode ».');
        break;
    }
  }

  private async checkReferences(
    manager: EntityManager,
    campaignYear: number,
    regionCode: string | null,
    gradesId: number | null,
  ): Promise<void> {
    const [found] = await manager.query<{ campaign: boolean; region: boolean; grades: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM campaign WHERE year = $1) AS campaign,
              ($2::varchar IS NULL OR EXISTS (SELECT 1 FROM region WHERE code = $2)) AS region,
              ($3::int IS NULL OR EXISTS (SELECT 1 FROM grades WHERE id = $3)) AS grades`,
      [campaignYear, regionCode, gradesId],
    );
    if (!found?.campaign)
      throw new DomainException(
        'VALIDATION_FAILED',
        `La campagne ${campaignYear} n’existe pas.`,
        'campaignYear',
      );
    if (!found.region)
      throw new DomainException('VALIDATION_FAILED', `La région ${regionCode} n’existe pas.`, 'regionCode');
    if (!found.grades)
      throw new DomainException('VALIDATION_FAILED', `Le GRADeS ${gradesId} n’existe pas.`, 'gradesId');
  }

  private async holderName(
    manager: EntityManager,
    kind: EnvelopeHolderKind,
    regionCode: string | null,
    gradesId: number | null,
  ): Promise<string> {
    if (kind === 'ARS') {
      const [region] = await manager.query<{ ars_name: string }[]>(
        `SELECT ars_name FROM region WHERE code = $1`,
        [regionCode],
      );
      return region?.ars_name ?? `l’ARS ${regionCode}`;
    }
    if (kind === 'GRADES') {
      const [grades] = await manager.query<{ name: string }[]>(`SELECT name FROM grades WHERE id = $1`, [
        gradesId,
      ]);
      return grades?.name ?? `le GRADeS ${gradesId}`;
    }
    return 'le niveau national';
  }
}
