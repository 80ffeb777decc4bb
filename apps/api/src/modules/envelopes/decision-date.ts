import { ValidateBy, ValidationOptions } from 'class-validator';

/** The first decision date accepted: the programme started in 2021, its first instruction is of 2020. */
export const EARLIEST_DECISION_DATE = '2020-01-01';

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Paris (YYYY-MM-DD): the users' calendar day, whatever the server's time zone. */
export function todayInParis(now: Date = new Date()): string {
  return PARIS_DATE.format(now);
}

/** A decision date is valid when it is not after today in Paris nor before {@link EARLIEST_DECISION_DATE}. */
export function isAcceptableDecisionDate(value: unknown, now: Date = new Date()): boolean {
  return typeof value === 'string' && value >= EARLIEST_DECISION_DATE && value <= todayInParis(now);
}

/** class-validator constraint: an ISO date (already checked) that is neither in the future nor before 2020. */
export function IsPastDecisionDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastDecisionDate',
      validator: { validate: (value: unknown) => isAcceptableDecisionDate(value) },
    },
    options,
  );
}
