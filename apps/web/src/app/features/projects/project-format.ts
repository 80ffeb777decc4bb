import { formatInteger } from '../../shared/format/format';

/** French phrasings shared by the pages of the projects feature. */

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** « 23/09/2026 à 17:43 » (Europe/Paris). */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = dateTime.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} à ${part('hour')}:${part('minute')}`;
}

/** « 1 jalon en retard », « 2 jalons en retard ». */
export function lateMilestonesText(count: number): string {
  return `${formatInteger(count)} jalon${count > 1 ? 's' : ''} en retard`;
}

/** « en retard de 1 jour », « en retard de 40 jours ». */
export function daysLateText(days: number): string {
  return `En retard de ${formatInteger(days)} jour${days > 1 ? 's' : ''}`;
}

/** « 1 projet », « 150 projets ». */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count > 1 ? pluralForm : singular}`;
}
