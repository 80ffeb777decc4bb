import { QueryFailedError } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';
import { translateEnvelopeDbError } from './envelope-db-errors';

function pgError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError(
    'UPDATE envelope …',
    [],
    Object.assign(new Error('violation'), { code, constraint }),
  );
}

describe('translateEnvelopeDbError', () => {
  it.each([
    ['23514', 'chk_envelope_holder', 'VALIDATION_FAILED', 'holderKind'],
    ['23514', 'chk_envelope_line', 'VALIDATION_FAILED', 'line'],
    ['23514', 'chk_envelope_amounts', 'VALIDATION_FAILED', 'deltaCents'],
    ['23514', 'chk_envelope_amendment_delta', 'VALIDATION_FAILED', 'deltaCents'],
    ['23514', 'chk_envelope_transfer_amount', 'VALIDATION_FAILED', 'amountCents'],
    ['23514', 'chk_envelope_transfer_distinct', 'VALIDATION_FAILED', 'toEnvelopeId'],
    ['23503', 'fk_envelope_campaign', 'VALIDATION_FAILED', 'campaignYear'],
    ['23503', 'fk_envelope_region', 'VALIDATION_FAILED', 'regionCode'],
    ['23503', 'fk_envelope_grades', 'VALIDATION_FAILED', 'gradesId'],
    ['23503', 'fk_envelope_transfer_from', 'VALIDATION_FAILED', 'fromEnvelopeId'],
    ['23503', 'fk_envelope_transfer_to', 'VALIDATION_FAILED', 'toEnvelopeId'],
    ['23505', 'uq_envelope_holder_line', 'CONFLICT', 'line'],
    ['22003', undefined, 'VALIDATION_FAILED', 'deltaCents'],
  ])('turns %s on %s into %s naming %s, in French', (code, constraint, expected, field) => {
    const translated = translateEnvelopeDbError(pgError(code, constraint), 'deltaCents');
    expect(translated).toBeInstanceOf(DomainException);
    expect(translated).toMatchObject({ code: expected, field });
    expect((translated as DomainException).message).toMatch(/[éèàô’]|\s/);
  });

  it('gives a generic French message for an unknown constraint', () => {
    expect(translateEnvelopeDbError(pgError('23514', 'chk_other'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Les données envoyées ne respectent pas les règles des enveloppes.',
      field: undefined,
    });
  });

  it('leaves other errors unchanged (lost connection, deadlock, domain exceptions)', () => {
    const deadlock = pgError('40P01');
    expect(translateEnvelopeDbError(deadlock)).toBe(deadlock);
    const domain = DomainException.notFound('Enveloppe', 'id');
    expect(translateEnvelopeDbError(domain)).toBe(domain);
  });
});
