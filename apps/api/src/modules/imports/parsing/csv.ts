import type { ImportIssue } from '@esms/api-contract';

import { looksLikeFormula, ParseResult, RawRow, refused, shownValue } from './table';

/**
 * Reads an import CSV: UTF-8 (with or without BOM), `;` as separator (what Excel in French writes), fields quoted
 * with `"` when they hold a separator, a quote or a line break. What is not that gets a French message saying how
 * to fix it: another encoding (Windows-1252, UTF-16), another separator (`,`, tab), a quote left open.
 */

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HOW_TO_SAVE = 'Dans Excel : « Fichier » > « Enregistrer sous » > « CSV UTF-8 (délimité par des points-virgules) ».';

/** The line (1-based) and the text of the line holding byte `offset`, decoded as Windows-1252 to show it. */
function lineAt(content: Buffer, offset: number): { line: number; text: string } {
  let line = 1;
  let start = 0;
  for (let index = 0; index < offset; index++) {
    if (content[index] === 0x0a) {
      line++;
      start = index + 1;
    }
  }
  let end = content.indexOf(0x0a, offset);
  if (end < 0) end = content.length;
  return { line, text: new TextDecoder('windows-1252').decode(content.subarray(start, end)).replace(/\r$/, '') };
}

/** Offset of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(content: Buffer): number {
  let index = 0;
  while (index < content.length) {
    const byte = content[index] ?? 0;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      const continuation = content[index + next];
      if (continuation === undefined || (continuation & 0xc0) !== 0x80) return index;
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(index, index + length));
    } catch {
      return index;
    }
    index += length;
  }
  return -1;
}

export function decodeCsv(content: Buffer): { ok: true; text: string } | { ok: false; message: string; issues: ImportIssue[] } {
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    const message = `Le fichier est encodé en UTF-16 (« Texte Unicode ») : l'import attend de l'UTF-8. ${HOW_TO_SAVE}`;
    return { ok: false, message, issues: [{ line: null, column: null, value: null, message }] };
  }
  const body = content.subarray(0, 3).equals(UTF8_BOM) ? content.subarray(3) : content;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const offset = firstInvalidUtf8(body);
    const at = lineAt(body, Math.max(offset, 0));
    const message = `Le fichier n'est pas encodé en UTF-8 : il semble enregistré en Windows-1252 (« CSV (séparateur : point-virgule) » d'Excel), et ses lettres accentuées seraient mal lues (première à la ligne ${at.line}). ${HOW_TO_SAVE}`;
    return { ok: false, message, issues: [{ line: at.line, column: null, value: shownValue(at.text), message }] };
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
  quoted: boolean[];
}

/** Splits the text into records (RFC 4180 quoting), or names the line of a quote left open. */
function records(text: string, separator: string): { ok: true; records: CsvRecord[] } | { ok: false; line: number } {
  const result: CsvRecord[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let field = '';
    let isQuoted = false;
    let atFieldStart = true;
    let endOfRecord = false;
    while (index < text.length && !endOfRecord) {
      const char = text[index] ?? '';
      if (atFieldStart && char === '"') {
        isQuoted = true;
        atFieldStart = false;
        index++;
        let closed = false;
        while (index < text.length) {
          const inner = text[index] ?? '';
          if (inner === '"') {
            if (text[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index++;
            closed = true;
            break;
          }
          if (inner === '\n') line++;
          field += inner;
          index++;
        }
        if (!closed) return { ok: false, line: startLine };
        continue;
      }
      atFieldStart = false;
      if (char === separator) {
        fields.push(field);
        quoted.push(isQuoted);
        field = '';
        isQuoted = false;
        atFieldStart = true;
        index++;
      } else if (char === '\r' && text[index + 1] === '\n') {
        index += 2;
        line++;
        endOfRecord = true;
      } else if (char === '\n' || char === '\r') {
        index++;
        line++;
        endOfRecord = true;
      } else {
        field += char;
        index++;
      }
    }
    fields.push(field);
    quoted.push(isQuoted);
    result.push({ line: startLine, fields, quoted });
  }
  return { ok: true, records: result };
}

/** Separators counted on the header line, outside quotes. */
function countSeparators(headerLine: string): { semicolon: number; comma: number; tab: number } {
  let inQuotes = false;
  const counts = { semicolon: 0, comma: 0, tab: 0 };
  for (const char of headerLine) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char === ';') counts.semicolon++;
    else if (!inQuotes && char === ',') counts.comma++;
    else if (!inQuotes && char === '\t') counts.tab++;
  }
  return counts;
}

export function parseCsv(content: Buffer): ParseResult {
  const decoded = decodeCsv(content);
  if (!decoded.ok) return refused(400, decoded.message, decoded.issues);
  const text = decoded.text;
  if (text.trim() === '') return refused(400, "Le fichier est vide : il doit contenir la ligne d'en-tête du modèle puis une ligne par donnée.");

  const firstLine = text.split(/\r?\n|\r/, 1)[0] ?? '';
  const counts = countSeparators(firstLine);
  if (counts.semicolon === 0 && (counts.comma > 0 || counts.tab > 0)) {
    const used = counts.comma >= counts.tab ? 'la virgule « , »' : 'la tabulation';
    const message = `Les colonnes de ce fichier sont séparées par ${used} : l'import attend le point-virgule « ; » (format CSV d'Excel en français). ${HOW_TO_SAVE}`;
    return refused(400, message, [{ line: 1, column: null, value: shownValue(firstLine), message }]);
  }

  const parsed = records(text, ';');
  if (!parsed.ok) {
    const message = `Un guillemet ouvert ligne ${parsed.line} n'est jamais fermé : vérifiez les guillemets de cette ligne.`;
    return refused(400, message, [{ line: parsed.line, column: null, value: null, message }]);
  }
  const [header, ...data] = parsed.records;
  if (!header || header.fields.every((field) => field.trim() === '')) {
    return refused(400, "Le fichier est vide : il doit contenir la ligne d'en-tête du modèle puis une ligne par donnée.");
  }
  const headers = header.fields.map((field) => field.trim());
  const issues: ImportIssue[] = [];
  const rows: RawRow[] = [];
  for (const record of data) {
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (record.fields.length > headers.length && record.fields.slice(headers.length).some((field) => field.trim() !== '')) {
      issues.push({
        line: record.line,
        column: null,
        value: shownValue(record.fields.slice(headers.length).join(';')),
        message: `La ligne ${record.line} compte ${record.fields.length} colonnes, l'en-tête ${headers.length} : une valeur contient sans doute un « ; » non entouré de guillemets.`,
      });
      continue;
    }
    const cells = headers.map((_header, index) => record.fields[index] ?? '');
    const formulas = cells.flatMap((cell, index) => (looksLikeFormula(cell) || looksLikeFormula(cell.trim()) ? [index] : []));
    rows.push({ line: record.line, cells: cells.map((cell) => cell.trim()), formulas });
  }
  if (issues.length > 0) return refused(400, `${issues.length} ligne(s) du fichier n'ont pas le nombre de colonnes de l'en-tête.`, issues);
  return { ok: true, table: { format: 'csv', headers, headerLine: header.line, rows } };
}
