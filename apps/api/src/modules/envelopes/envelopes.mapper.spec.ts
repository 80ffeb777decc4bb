import type { EnvelopeResponse } from '@esms/api-contract';

import {
  compareEnvelopes,
  EnvelopeRow,
  sumAmounts,
  toAmendmentResponse,
  toEnvelopeResponse,
  toTransferResponse,
} from './envelopes.mapper';

const ROW: EnvelopeRow = {
  id: 'e1',
  campaign_year: 2024,
  holder_kind: 'ARS',
  region_code: '53',
  grades_id: null,
  line: 'PROJETS',
  holder_name: 'ARS Bretagne',
  region_codes: ['53'],
  initial_cents: '400000000',
  delegated_cents: '472000000',
  committed_cents: '300000000',
  paid_cents: '150000000',
  amendments_cents: '0',
  transfers_in_cents: '72000000',
  transfers_out_cents: '0',
  version: 4,
  updated_at: new Date('2024-11-15T10:00:00Z'),
};

describe('envelopes mapper', () => {
  it('reads bigint strings as cents and derives the rest to commit', () => {
    expect(toEnvelopeResponse(ROW)).toEqual({
      id: 'e1',
      campaignYear: 2024,
      holderKind: 'ARS',
      holderName: 'ARS Bretagne',
      regionCode: '53',
      gradesId: null,
      regionCodes: ['53'],
      line: 'PROJETS',
      lineLabel: 'Projets',
      initialCents: 400_000_000,
      delegatedCents: 472_000_000,
      committedCents: 300_000_000,
      paidCents: 150_000_000,
      restToCommitCents: 172_000_000,
      amendmentsCents: 0,
      transfersInCents: 72_000_000,
      transfersOutCents: 0,
      version: 4,
      updatedAt: '2024-11-15T10:00:00.000Z',
    });
  });

  it('sums every amount for the totals row (zero for an empty set)', () => {
    const a = toEnvelopeResponse(ROW);
    const b = toEnvelopeResponse({
      ...ROW,
      id: 'e2',
      amendments_cents: '-650000000',
      delegated_cents: '1',
      committed_cents: '1',
      paid_cents: '0',
    });
    expect(sumAmounts([a, b])).toEqual({
      initialCents: 800_000_000,
      delegatedCents: 472_000_001,
      committedCents: 300_000_001,
      paidCents: 150_000_000,
      restToCommitCents: 172_000_000,
      amendmentsCents: -650_000_000,
      transfersInCents: 144_000_000,
      transfersOutCents: 0,
    });
    expect(Object.values(sumAmounts([]))).toEqual(Array(8).fill(0));
  });

  it('orders by campaign (newest first), national then ARS then GRADeS, French name order, then line', () => {
    const make = (id: string, fields: Partial<EnvelopeResponse>): EnvelopeResponse => ({
      ...toEnvelopeResponse(ROW),
      id,
      ...fields,
    });
    const items = [
      make('grades', { holderKind: 'GRADES', holderName: 'GCS TESIS' }),
      make('idf', { holderName: 'ARS Île-de-France' }),
      make('bretagne-soutien', { line: 'SOUTIEN_REGIONAL' }),
      make('2023', { campaignYear: 2023, holderKind: 'NATIONAL', holderName: 'Enveloppe nationale' }),
      make('grand-est', { holderName: 'ARS Grand Est' }),
      make('national', { holderKind: 'NATIONAL', holderName: 'Enveloppe nationale' }),
      make('bretagne', {}),
    ];
    expect(items.sort(compareEnvelopes).map((item) => item.id)).toEqual([
      'national',
      'bretagne',
      'bretagne-soutien',
      'grand-est',
      'idf',
      'grades',
      '2023',
    ]);
  });

  it('maps amendments and transfers', () => {
    expect(
      toAmendmentResponse({
        id: 'a1',
        envelope_id: 'e1',
        delta_cents: '-650000000',
        reason: 'Instruction 2025/100',
        decided_on: '2025-09-02',
        created_at: new Date('2025-09-03T08:00:00Z'),
        created_by_name: null,
      }),
    ).toEqual({
      id: 'a1',
      envelopeId: 'e1',
      deltaCents: -650_000_000,
      reason: 'Instruction 2025/100',
      decidedOn: '2025-09-02',
      createdByName: null,
      createdAt: '2025-09-03T08:00:00.000Z',
    });
    expect(
      toTransferResponse({
        id: 't1',
        campaign_year: 2024,
        amount_cents: '720000000',
        reason: 'Sous-consommation',
        decided_on: '2024-11-15',
        created_at: new Date('2024-11-15T10:00:00Z'),
        created_by_name: 'Admin',
        from_id: 'e76',
        from_holder_kind: 'ARS',
        from_region_code: '76',
        from_line: 'PROJETS',
        from_holder_name: 'ARS Occitanie',
        to_id: 'e53',
        to_holder_kind: 'ARS',
        to_region_code: '53',
        to_line: 'PROJETS',
        to_holder_name: 'ARS Bretagne',
      }),
    ).toMatchObject({
      amountCents: 720_000_000,
      from: { id: 'e76', holderKind: 'ARS', holderName: 'ARS Occitanie', regionCode: '76', line: 'PROJETS' },
      to: { id: 'e53', holderName: 'ARS Bretagne', regionCode: '53' },
      createdByName: 'Admin',
    });
  });
});
