import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { validationExceptionFactory } from '../../../common/errors/validation';
import { CreateEnvelopeAmendmentDto, CreateEnvelopeTransferDto } from './envelope.dto';

function firstError<T extends object>(
  type: new () => T,
  body: object,
): { field?: string; message: string } | undefined {
  const errors = validateSync(plainToInstance(type, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length === 0) return undefined;
  const exception = validationExceptionFactory(errors);
  return { field: exception.field, message: exception.message };
}

describe('envelope DTOs', () => {
  const amendment = { deltaCents: -100, reason: 'Réduction de septembre', decidedOn: '2024-09-02' };

  it('accepts a valid amendment and trims its reason', () => {
    expect(firstError(CreateEnvelopeAmendmentDto, amendment)).toBeUndefined();
    expect(
      plainToInstance(CreateEnvelopeAmendmentDto, { ...amendment, reason: '  Motif valable  ' }).reason,
    ).toBe('Motif valable');
  });

  it.each([
    [
      { deltaCents: 'dix' },
      'deltaCents',
      'La variation doit être un nombre entier de centimes, positif ou négatif.',
    ],
    [
      { deltaCents: 0 },
      'deltaCents',
      'La variation ne peut pas être nulle : indiquez un montant positif (abondement) ou négatif (réduction).',
    ],
    [{ reason: 42 }, 'reason', 'Le motif est obligatoire (texte d’au moins 5 caractères).'],
    [{ reason: 'abc' }, 'reason', 'Le motif doit compter au moins 5 caractères : expliquez la décision.'],
    [{ reason: 'x'.repeat(1001) }, 'reason', 'Le motif ne doit pas dépasser 1 000 caractères.'],
    [{ decidedOn: 20240902 }, 'decidedOn', 'La date de décision est obligatoire (format AAAA-MM-JJ).'],
    [
      { decidedOn: '2024-9-2' },
      'decidedOn',
      'La date de décision doit être une date au format AAAA-MM-JJ (par exemple 2024-03-15).',
    ],
    [
      { decidedOn: '2023-02-29' },
      'decidedOn',
      'La date de décision doit être une date au format AAAA-MM-JJ (par exemple 2024-03-15).',
    ],
    [
      { decidedOn: '9999-12-31' },
      'decidedOn',
      'La date de décision (9999-12-31) ne peut pas être dans le futur : indiquez la date à laquelle la décision a été prise.',
    ],
  ])('reports the type or rule at fault first: %j', (change, field, message) => {
    expect(firstError(CreateEnvelopeAmendmentDto, { ...amendment, ...change })).toEqual({ field, message });
  });

  it('requires identifiers and a positive whole amount for a transfer', () => {
    const transfer = {
      fromEnvelopeId: '3f8c7c0e-6f0a-4d8e-9a55-1b0d2b6f7a10',
      toEnvelopeId: '9b2e4f7a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      amountCents: 100,
      reason: 'Sous-consommation',
      decidedOn: '2024-11-15',
    };
    expect(firstError(CreateEnvelopeTransferDto, transfer)).toBeUndefined();
    expect(firstError(CreateEnvelopeTransferDto, { ...transfer, amountCents: 0 })?.field).toBe('amountCents');
    expect(firstError(CreateEnvelopeTransferDto, { ...transfer, toEnvelopeId: 'x' })).toEqual({
      field: 'toEnvelopeId',
      message: 'L’enveloppe destinataire doit être désignée par son identifiant.',
    });
  });
});
