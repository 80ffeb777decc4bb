/**
 * When a scheduled report goes out. Schedules speak the CNSA's calendar: a day of the month (1 to 28, so that
 * every month has it) or a day of the week (1 = lundi … 7 = dimanche), at an hour of Europe/Paris, whatever the
 * server's time zone and across daylight-saving changes.
 */
export const REPORT_TIME_ZONE = 'Europe/Paris';

export type ReportRule =
  | { frequency: 'MENSUEL'; dayOfMonth: number; hour: number }
  | { frequency: 'HEBDOMADAIRE'; dayOfWeek: number; hour: number };

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATTERS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    FORMATTERS.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time of an instant in a time zone. */
export function wallTime(instant: Date, timeZone = REPORT_TIME_ZONE): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  return wall;
}

/** Offset of a time zone at an instant, in milliseconds (Paris: +1 h in winter, +2 h in summer). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which a wall clock of the time zone shows this date and hour (month and day may overflow, as
 * with Date.UTC). An hour skipped by the spring change is read as the hour after it.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone = REPORT_TIME_ZONE): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return new Date(Math.max(first, second));
}

/** The date (YYYY-MM-DD) of an instant in Europe/Paris: the « situation au » of a report sent then. */
export function parisDate(instant: Date): string {
  const wall = wallTime(instant);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** Checks a rule's numbers; returns the French message of the first fault, or null. */
export function checkReportRule(rule: ReportRule): { field: string; message: string } | null {
  if (!Number.isInteger(rule.hour) || rule.hour < 0 || rule.hour > 23) {
    return { field: 'hour', message: "L'heure d'envoi doit être un entier de 0 à 23 (heure de Paris)." };
  }
  if (rule.frequency === 'MENSUEL') {
    if (!Number.isInteger(rule.dayOfMonth) || rule.dayOfMonth < 1 || rule.dayOfMonth > 28) {
      return {
        field: 'dayOfMonth',
        message: 'Le jour du mois doit être un entier de 1 à 28 (pour exister chaque mois).',
      };
    }
    return null;
  }
  if (!Number.isInteger(rule.dayOfWeek) || rule.dayOfWeek < 1 || rule.dayOfWeek > 7) {
    return { field: 'dayOfWeek', message: 'Le jour de la semaine doit être un entier de 1 (lundi) à 7 (dimanche).' };
  }
  return null;
}

/** The first sending strictly after `after`. */
export function nextReportRun(rule: ReportRule, after: Date): Date {
  const fault = checkReportRule(rule);
  if (fault) throw new RangeError(fault.message);
  const now = wallTime(after);
  if (rule.frequency === 'MENSUEL') {
    for (let months = 0; ; months += 1) {
      const candidate = zonedInstant(now.year, now.month + months, rule.dayOfMonth, rule.hour);
      if (candidate.getTime() > after.getTime()) return candidate;
    }
  }
  // ISO day of the week of the Paris date: 1 = Monday … 7 = Sunday.
  const weekday = ((new Date(Date.UTC(now.year, now.month - 1, now.day)).getUTCDay() + 6) % 7) + 1;
  const ahead = (rule.dayOfWeek - weekday + 7) % 7;
  for (let weeks = 0; ; weeks += 1) {
    const candidate = zonedInstant(now.year, now.month, now.day + ahead + 7 * weeks, rule.hour);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** The rule in plain French: « Le 5 de chaque mois à 7 h », « Chaque lundi à 18 h ». */
export function describeReportRule(rule: ReportRule): string {
  const at = `à ${rule.hour} h (heure de Paris)`;
  if (rule.frequency === 'MENSUEL') {
    return `Le ${rule.dayOfMonth === 1 ? '1er' : rule.dayOfMonth} de chaque mois ${at}`;
  }
  return `Chaque ${WEEKDAYS[rule.dayOfWeek - 1] ?? '?'} ${at}`;
}
