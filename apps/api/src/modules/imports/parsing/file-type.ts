import type { ImportFormat } from '@esms/api-contract';

/**
 * The type of an imported file, read from its first bytes (magic numbers), never from its name or the browser.
 * XLSX: a ZIP package holding `[Content_Types].xml` and an `xl/` part. CSV: text (no NUL nor control characters
 * other than tab, line feed, carriage return). Recognised refusals get a message that says what to do.
 */
export type DetectedType = { ok: true; format: ImportFormat } | { ok: false; message: string };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ACCEPTED = 'Envoyez un fichier CSV (UTF-8, séparateur « ; ») ou un classeur Excel .xlsx, par exemple à partir du modèle.';

function startsWith(content: Buffer, bytes: Buffer): boolean {
  return content.length >= bytes.length && content.subarray(0, bytes.length).equals(bytes);
}

function isText(content: Buffer): boolean {
  const sample = content.subarray(0, 65536);
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

export function detectFileType(content: Buffer): DetectedType {
  if (startsWith(content, ZIP)) {
    if (content.includes('[Content_Types].xml', 0, 'latin1') && content.includes('xl/', 0, 'latin1')) return { ok: true, format: 'xlsx' };
    if (content.includes('application/vnd.oasis.opendocument.spreadsheet', 0, 'latin1')) {
      return { ok: false, message: `Ce fichier est un classeur OpenDocument (.ods), que l'import ne lit pas : enregistrez-le au format .xlsx ou CSV. ${ACCEPTED}` };
    }
    return { ok: false, message: `Ce fichier est une archive ZIP, pas un classeur Excel .xlsx. ${ACCEPTED}` };
  }
  if (startsWith(content, OLE)) {
    return { ok: false, message: `Ce fichier est au format Excel 97-2003 (.xls) : enregistrez-le au format .xlsx (« Classeur Excel ») ou CSV. ${ACCEPTED}` };
  }
  if (startsWith(content, Buffer.from('%PDF-', 'latin1'))) {
    return { ok: false, message: `Ce fichier est un PDF : l'import lit des tableaux. ${ACCEPTED}` };
  }
  // UTF-16 text has NUL bytes: say what it is rather than « not text ».
  if (startsWith(content, Buffer.from([0xff, 0xfe])) || startsWith(content, Buffer.from([0xfe, 0xff]))) {
    return { ok: true, format: 'csv' };
  }
  if (isText(content)) return { ok: true, format: 'csv' };
  return { ok: false, message: `Le contenu de ce fichier n'est ni un CSV ni un classeur .xlsx. ${ACCEPTED}` };
}
