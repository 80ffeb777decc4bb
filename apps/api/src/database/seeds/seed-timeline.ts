/** Calendar helpers of the data sets: days since 1970-01-01 (UTC) for arithmetic, ISO strings for the database. */

const DAY_MS = 86_400_000;

export function dayOf(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A moment of a day, in milliseconds since the epoch. */
export function momentOf(day: number, msInDay: number): number {
  return day * DAY_MS + msInDay;
}

export function dayOfMoment(moment: number): number {
  return Math.floor(moment / DAY_MS);
}

export { DAY_MS };
