import { QueryFailedError } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The request field and French message of each constraint of the envelope tables. */
const CONSTRAINTS: Readonly<Record<string, { field: string; message: string }>> = {
  chk_envelope_holder: {
    field: 'holderKind',
    message:
      'Une enveloppe nationale n’a ni région ni GRADeS, une enveloppe d’ARS a une région, une enveloppe de GRADeS a un GRADeS.',
  },
  chk_envelope_line: { field: 'line', message: 'La ligne de l’enveloppe n’est pas autorisée.' },
  chk_envelope_amounts: {
    field: 'amountCents',
    message: 'Ce mouvement laisserait l’enveloppe en dessous de ce qu’elle a déjà engagé ou versé.',
  },
  chk_envelope_amendment_delta: { field: 'deltaCents', message: 'La variation ne peut pas être nulle.' },
  chk_envelope_transfer_amount: {
    field: 'amountCents',
    message: 'Le montant transféré doit être strictement positif.',
  },
  chk_envelope_transfer_distinct: {
    field: 'toEnvelopeId',
    message: 'Une enveloppe ne peut pas se transférer des crédits à elle-même.',
  },
  fk_envelope_campaign: { field: 'campaignYear', message: 'Cette campagne n’existe pas.' },
  fk_envelope_region: { field: 'regionCode', message: 'Cette région n’existe pas.' },
  fk_envelope_grades: { field: 'gradesId', message: 'Ce GRADeS n’existe pas.' },
  fk_envelope_transfer_from: { field: 'fromEnvelopeId', message: 'L’enveloppe d’origine est introuvable.' },
  fk_envelope_transfer_to: { field: 'toEnvelopeId', message: 'L’enveloppe destinataire est introuvable.' },
};

/**
 * Turns a constraint violation of the envelope tables into a French 4xx naming the field (never a 500): CHECK
 * and foreign key → 400, unique → 409 CONFLICT, number out of range → 400. Anything else is returned unchanged.
 * `amountField` names the amount of the request at hand for the amounts CHECK.
 */
export function translateEnvelopeDbError(error: unknown, amountField = 'amountCents'): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint } = error.driverError as PgError;
  const known = constraint ? CONSTRAINTS[constraint] : undefined;
  switch (code) {
    case '23514': // check_violation
    case '23503': // foreign_key_violation
      return new DomainException(
        'VALIDATION_FAILED',
        known?.message ?? 'Les données envoyées ne respectent pas les règles des enveloppes.',
        constraint === 'chk_envelope_amounts' ? amountField : known?.field,
        constraint ? { constraint } : undefined,
      );
    case '23505': // unique_violation
      return new DomainException(
        'CONFLICT',
        'Une enveloppe existe déjà pour ce détenteur, cette ligne et cette campagne.',
        'line',
        {
          constraint,
        },
      );
    case '22003': // numeric_value_out_of_range
      return new DomainException('VALIDATION_FAILED', 'Le montant est trop grand.', amountField);
    default:
      return error;
  }
}
