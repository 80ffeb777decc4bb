import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';

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
  // class-validator's keys are `isIso8601` and `isUuid` (not the decorators' spelling).
  isIso8601: (field) => `Le champ « ${field} » doit être une date au format AAAA-MM-JJ.`,
  isArray: (field) => `Le champ « ${field} » doit être une liste.`,
  arrayNotEmpty: (field) => `La liste « ${field} » ne doit pas être vide.`,
  arrayMinSize: (field) => `Le champ « ${field} » contient trop peu d’éléments.`,
  arrayMaxSize: (field) => `Le champ « ${field} » contient trop d’éléments.`,
  isUuid: (field) => `Le champ « ${field} » doit être un identifiant valide.`,
  isPositive: (field) => `Le champ « ${field} » doit être un nombre strictement positif.`,
  isObject: (field) => `Le champ « ${field} » doit être un objet.`,
  nestedValidation: (field) => `Le champ « ${field} » doit être un objet ou une liste d’objets.`,
  matches: (field) => `Le format du champ « ${field} » est invalide.`,
};

/** Generic French wording for a constraint without its own: English must never reach the user. */
const GENERIC_MESSAGE = (field: string): string => `La valeur du champ « ${field} » est invalide.`;

/**
 * class-validator's English defaults: "<property> must…/should…/has…", "property x should not exist",
 * "each value in…", "nested property…", "an unknown value was passed…", "maximal/minimal allowed date…",
 * "All x's elements…", and Nest's "Validation failed (…)".
 */
const ENGLISH_DEFAULT =
  /^(property \S+ should not exist|each value in |nested property |an unknown value|an instance of |(maximal|minimal) allowed date|all \S+'s elements|validation failed|\S+ (must|should|has)\b)/i;

function firstLeaf(errors: ValidationError[], prefix = ''): { field: string; constraint: string; message: string } | undefined {
  for (const error of errors) {
    // class-validator leaves the property out when the value as a whole is refused (forbidUnknownValues).
    const property = (error.property as string | undefined) ?? '';
    const field = prefix && property ? `${prefix}.${property}` : prefix || property;
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

/**
 * A list or a primitive sent in place of an object: Nest's ValidationPipe refuses it with `isObject` on a property
 * named after the argument's type (`body`, `query`…), or class-validator finds the list's indexes (`0`, `1`…) where
 * the class's properties should be. No field of the request is at fault.
 */
function isWholeValueRefused(leaf: { field: string; constraint: string; message: string }): boolean {
  if (/^\d+$/.test(leaf.field)) return true;
  return leaf.constraint === 'isObject' && ARGUMENT_TYPES.has(leaf.field) && /^Validation failed/i.test(leaf.message);
}

const ARGUMENT_TYPES: ReadonlySet<string> = new Set(['body', 'query', 'param', 'custom']);

/** Turns class-validator errors into one French {@link DomainException} naming the first field at fault. */
export function validationExceptionFactory(errors: ValidationError[]): DomainException {
  const leaf = firstLeaf(errors);
  if (!leaf) {
    return new DomainException('VALIDATION_FAILED', 'La requête est invalide.');
  }
  // A field with an empty name (`{ "": 1 }`): named as written in the JSON, so that the answer still points at it.
  if (leaf.constraint === 'whitelistValidation' && leaf.field === '') {
    return new DomainException('VALIDATION_FAILED', "Un champ sans nom (« \"\" ») n'est pas attendu : retirez-le.", '""', {
      constraint: leaf.constraint,
    });
  }
  // A message written in French on the decorator wins; class-validator's English defaults are replaced.
  if (!ENGLISH_DEFAULT.test(leaf.message)) {
    return new DomainException('VALIDATION_FAILED', leaf.message, leaf.field || undefined, { constraint: leaf.constraint });
  }
  if (!leaf.field || isWholeValueRefused(leaf)) {
    // The body (or the value) as a whole is not the object the route expects.
    return new DomainException('VALIDATION_FAILED', 'La requête est invalide : un objet JSON est attendu.', undefined, {
      constraint: leaf.constraint,
    });
  }
  const translate = CONSTRAINT_MESSAGES[leaf.constraint] ?? GENERIC_MESSAGE;
  return new DomainException('VALIDATION_FAILED', translate(leaf.field), leaf.field, { constraint: leaf.constraint });
}

/** Query strings remembered per DTO class (the oldest forgotten first). */
export const QUERY_MEMO_SIZE = 256;

const isPrimitive = (value: unknown): boolean => value === null || (typeof value !== 'object' && typeof value !== 'function');

/** A copy of a flat DTO instance (own properties, same class): what one request may change stays its own. */
function copyOf<T extends object>(instance: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(instance) as object | null) as T, instance);
}

/**
 * The global ValidationPipe, which also remembers the query strings it has accepted. Validating a query is a pure
 * function of its DTO class and its parameters (no validator of a query DTO reads the clock or the database), and
 * the same few queries come back on every read (`?campaign=2024` on every dashboard): an accepted query whose
 * parameters are all strings, and whose result holds only primitives, is answered from memory as a fresh copy of
 * its instance. Refused queries and bodies always go through class-validator.
 */
export class MemoizingValidationPipe extends ValidationPipe {
  private readonly accepted = new Map<unknown, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type !== 'query' || !metatype || typeof value !== 'object' || value === null || Array.isArray(value)) {
      return super.transform(value, metadata);
    }
    if (!Object.values(value).every((parameter) => typeof parameter === 'string')) return super.transform(value, metadata);
    const key = JSON.stringify(value);
    let memo = this.accepted.get(metatype);
    const known = memo?.get(key);
    if (known) return copyOf(known);
    const result: unknown = await super.transform(value, metadata);
    if (typeof result === 'object' && result !== null && Object.values(result).every(isPrimitive)) {
      if (!memo) this.accepted.set(metatype, (memo = new Map<string, object>()));
      if (memo.size >= QUERY_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
      memo.set(key, copyOf(result));
    }
    return result;
  }
}

export function buildValidationPipe(): ValidationPipe {
  return new MemoizingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationExceptionFactory,
  });
}
