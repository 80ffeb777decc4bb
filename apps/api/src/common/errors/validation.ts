import { ValidationError, ValidationPipe } from '@nestjs/common';

import { DomainException } from './domain.exception';

/** French wording of class-validator constraints, used when a decorator gives no message of its own. */
const CONSTRAINT_MESSAGES: Readonly<Record<string, (field: string) => string>> = {
  whitelistValidation: (field) => `Le champ « ${field} » n'est pas attendu : retirez-le.`,
  isDefined: (field) => `Le champ « ${field} » est obligatoire.`,
  isNotEmpty: (field) => `Le champ « ${field} » est obligatoire.`,
  isString: (field) => `Le champ « ${field} » doit être un texte.`,
  isInt: (field) => `Le champ « ${field} » doit être un nombre entier.`,
  isNumber: (field) => `Le champ « ${field} » doit être un nombre.`,
  isBoolean: (field) => `Le champ « ${field} » doit valoir vrai ou faux.`,
  isEmail: (field) => `Le champ « ${field} » doit être une adresse électronique valide.`,
  isIn: (field) => `La valeur du champ « ${field} » n'est pas autorisée.`,
  isEnum: (field) => `La valeur du champ « ${field} » n'est pas autorisée.`,
  min: (field) => `Le champ « ${field} » est trop petit.`,
  max: (field) => `Le champ « ${field} » est trop grand.`,
  maxLength: (field) => `Le champ « ${field} » est trop long.`,
  minLength: (field) => `Le champ « ${field} » est trop court.`,
  isDateString: (field) => `Le champ « ${field} » doit être une date au format AAAA-MM-JJ.`,
  isISO8601: (field) => `Le champ « ${field} » doit être une date au format AAAA-MM-JJ.`,
  isArray: (field) => `Le champ « ${field} » doit être une liste.`,
  isUUID: (field) => `Le champ « ${field} » doit être un identifiant valide.`,
  matches: (field) => `Le format du champ « ${field} » est invalide.`,
};

function firstLeaf(errors: ValidationError[], prefix = ''): { field: string; constraint: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const first = constraints[0];
    if (first) {
      const [constraint, message] = first;
      return { field, constraint, message };
    }
    const nested = firstLeaf(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/** Turns class-validator errors into one French {@link DomainException} naming the first field at fault. */
export function validationExceptionFactory(errors: ValidationError[]): DomainException {
  const leaf = firstLeaf(errors);
  if (!leaf) {
    return new DomainException('VALIDATION_FAILED', 'La requête est invalide.');
  }
  const translate = CONSTRAINT_MESSAGES[leaf.constraint];
  // A message written in French on the decorator wins; class-validator's English defaults are replaced.
  const isDefaultEnglish = /^(property|each value|an instance|\w+ (must|should|has))/i.test(leaf.message);
  const message = translate && isDefaultEnglish ? translate(leaf.field) : leaf.message;
  return new DomainException('VALIDATION_FAILED', message, leaf.field, { constraint: leaf.constraint });
}

export function buildValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationExceptionFactory,
  });
}
