import { convertToParamMap } from '@angular/router';

import {
  engagementRate,
  envelopeHistory,
  formatRate,
  formatSignedEuros,
  holderAfter,
  previewTransfer,
  readEnvelopeFilters,
  sortEnvelopes,
} from './envelope-figures';
import {
  BRETAGNE,
  CORSE,
  GRADES_BRETAGNE,
  NATIONAL,
  REUNION,
  REUNION_DETAIL,
  envelope,
} from './testing/envelopes-fixtures';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('envelope figures', () => {
  describe('readEnvelopeFilters', () => {
    it('reads the campaign, holder and line of the address', () => {
      expect(
        readEnvelopeFilters(convertToParamMap({ campagne: '2024', detenteur: 'ARS', ligne: 'PROJETS' })),
      ).toEqual({ campaign: 2024, holder: 'ARS', line: 'PROJETS' });
    });

    it.each([
      [{ campagne: '24' }],
      [{ campagne: '2020' }],
      [{ campagne: '2024.5' }],
      [{ detenteur: 'OG' }],
      [{ ligne: 'projets' }],
    ])('ignores a value the API would refuse: %j', (params) => {
      expect(readEnvelopeFilters(convertToParamMap(params))).toEqual({
        campaign: null,
        holder: null,
        line: null,
      });
    });
  });

  it('computes the rate of engagement, or none when nothing is delegated', () => {
    expect(engagementRate(BRETAGNE)).toBeCloseTo(46.142857, 5);
    expect(formatRate(BRETAGNE)).toBe(`46,1${NNBSP}%`);
    expect(formatRate({ committedCents: 42, delegatedCents: 100 })).toBe(`42${NNBSP}%`);
    expect(engagementRate({ committedCents: 0, delegatedCents: 0 })).toBeNull();
    expect(formatRate({ committedCents: 0, delegatedCents: 0 })).toBe('Sans objet');
  });

  it('signs changes with a true minus sign and keeps the cents', () => {
    expect(formatSignedEuros(65_000_000)).toBe(`+650${NNBSP}000${NBSP}€`);
    expect(formatSignedEuros(-9_000_050)).toBe(`−90${NNBSP}000,50${NBSP}€`);
    expect(formatSignedEuros(0)).toBe(`0${NBSP}€`);
  });

  describe('sortEnvelopes', () => {
    const small = envelope({ id: 'a', holderName: 'ARS Mayotte', delegatedCents: 900_000 });
    const large = envelope({ id: 'b', holderName: 'ARS Guyane', delegatedCents: 1_000_000 });

    it('sorts amounts by their value, not by their text (9 000 € < 10 000 €)', () => {
      const ascending = sortEnvelopes([large, small], { key: 'delegated', direction: 'ascending' });
      expect(ascending.map((item) => item.id)).toEqual(['a', 'b']);
      const descending = sortEnvelopes([small, large], { key: 'delegated', direction: 'descending' });
      expect(descending.map((item) => item.id)).toEqual(['b', 'a']);
    });

    it('sorts names the French way (Î with I)', () => {
      const names = ['ARS Occitanie', 'ARS Île-de-France', 'ARS Hauts-de-France'].map((holderName, index) =>
        envelope({ id: String(index), holderName }),
      );
      expect(
        sortEnvelopes(names, { key: 'holder', direction: 'ascending' }).map((item) => item.holderName),
      ).toEqual(['ARS Hauts-de-France', 'ARS Île-de-France', 'ARS Occitanie']);
    });

    it('sorts by rate, envelopes without a rate last in ascending order', () => {
      const empty = envelope({ id: 'empty', holderName: 'ARS Guyane' });
      const sorted = sortEnvelopes([empty, BRETAGNE, NATIONAL], { key: 'rate', direction: 'ascending' });
      expect(sorted.map((item) => item.holderName)).toEqual([
        'Enveloppe nationale',
        'ARS Bretagne',
        'ARS Guyane',
      ]);
    });

    it('keeps the order of the API without a sort: national, ARS, GRADeS', () => {
      const sorted = sortEnvelopes([GRADES_BRETAGNE, REUNION, NATIONAL, BRETAGNE], null);
      expect(sorted.map((item) => item.holderName)).toEqual([
        'Enveloppe nationale',
        'ARS Bretagne',
        'ARS La Réunion',
        'GCS e-Santé Bretagne',
      ]);
    });
  });

  it('previews both envelopes before and after a transfer', () => {
    const preview = previewTransfer(BRETAGNE, CORSE, 100_000_000);
    expect(preview.from).toEqual({
      before: { delegatedCents: 350_000_000, committedCents: 161_500_000, restToCommitCents: 188_500_000 },
      after: { delegatedCents: 250_000_000, committedCents: 161_500_000, restToCommitCents: 88_500_000 },
    });
    expect(preview.to).toEqual({
      before: { delegatedCents: 200_000, committedCents: 0, restToCommitCents: 200_000 },
      after: { delegatedCents: 100_200_000, committedCents: 0, restToCommitCents: 100_200_000 },
    });
    expect(preview.fromBelowCommitted).toBe(false);
    expect(previewTransfer(BRETAGNE, CORSE, 188_500_001).fromBelowCommitted).toBe(true);
    expect(previewTransfer(BRETAGNE, CORSE, 188_500_000).fromBelowCommitted).toBe(false);
  });

  it('merges amendments and transfers, newest decision first, signed for the envelope', () => {
    expect(
      envelopeHistory(REUNION_DETAIL).map(({ kind, decidedOn, deltaCents, counterpart }) => ({
        kind,
        decidedOn,
        deltaCents,
        counterpart: counterpart?.holderName ?? null,
      })),
    ).toEqual([
      { kind: 'amendment', decidedOn: '2024-11-02', deltaCents: -9_000_050, counterpart: null },
      { kind: 'transfer-in', decidedOn: '2024-09-18', deltaCents: 35_000_000, counterpart: 'ARS Corse' },
    ]);
    const corse = { ...CORSE, amendments: [], transfers: REUNION_DETAIL.transfers };
    expect(envelopeHistory(corse)[0]).toMatchObject({ kind: 'transfer-out', deltaCents: -35_000_000 });
  });

  it('writes holders inside a sentence with the right preposition', () => {
    expect(holderAfter('de', BRETAGNE)).toBe("de l'ARS Bretagne");
    expect(holderAfter('à', NATIONAL)).toBe("à l'enveloppe nationale");
    expect(holderAfter('de', GRADES_BRETAGNE)).toBe('du GRADeS GCS e-Santé Bretagne');
    expect(holderAfter('à', GRADES_BRETAGNE)).toBe('au GRADeS GCS e-Santé Bretagne');
  });
});
