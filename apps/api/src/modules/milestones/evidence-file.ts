/**
 * Evidence files of a milestone declaration: the type is read from the content (magic bytes), not trusted from the
 * name or the browser, and must agree with the file's extension. Accepted: PDF, PNG, JPEG, ODT, DOCX, XLSX, CSV.
 */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 5;

export type EvidenceKind = 'pdf' | 'png' | 'jpeg' | 'odt' | 'docx' | 'xlsx' | 'csv';

export const EVIDENCE_CONTENT_TYPES: Readonly<Record<EvidenceKind, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  odt: 'application/vnd.oasis.opendocument.text',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

const EXTENSIONS: Readonly<Record<string, EvidenceKind>> = {
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  odt: 'odt',
  docx: 'docx',
  xlsx: 'xlsx',
  csv: 'csv',
};

export const ACCEPTED_EVIDENCE = 'PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV';

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function startsWith(content: Buffer, bytes: readonly number[] | Buffer): boolean {
  return content.length >= bytes.length && content.subarray(0, bytes.length).equals(Buffer.from(bytes));
}

/**
 * An OpenDocument text: a ZIP whose first entry is the uncompressed `mimetype` file naming the type
 * (offset 30 holds the entry name, 38 its content).
 */
function isOdt(content: Buffer): boolean {
  return (
    startsWith(content, ZIP_LOCAL_HEADER) &&
    content.subarray(30, 38).toString('latin1') === 'mimetype' &&
    content.subarray(38, 38 + EVIDENCE_CONTENT_TYPES.odt.length).toString('latin1') === EVIDENCE_CONTENT_TYPES.odt
  );
}

/** An Office Open XML package: a ZIP with `[Content_Types].xml` and the main part of the expected application. */
function isOoxml(content: Buffer, mainPart: string): boolean {
  return startsWith(content, ZIP_LOCAL_HEADER) && content.includes('[Content_Types].xml', 0, 'latin1') && content.includes(mainPart, 0, 'latin1');
}

/**
 * A CSV is text: no NUL nor control characters other than tab, line feed, carriage return (and form feed), and
 * valid UTF-8 or single-byte text. Checked on the first 64 KiB.
 */
function isCsvText(content: Buffer): boolean {
  const sample = content.subarray(0, 65536);
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

function detect(content: Buffer, claimed: EvidenceKind): boolean {
  switch (claimed) {
    case 'pdf':
      return startsWith(content, Buffer.from('%PDF-', 'latin1'));
    case 'png':
      return startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'jpeg':
      return startsWith(content, [0xff, 0xd8, 0xff]);
    case 'odt':
      return isOdt(content);
    case 'docx':
      return isOoxml(content, 'word/');
    case 'xlsx':
      return isOoxml(content, 'xl/');
    case 'csv':
      return isCsvText(content);
  }
}

/** The file name without any path, control characters or quotes, at most 255 characters, extension kept. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim();
  if (cleaned.length <= 255) return cleaned || 'piece-jointe';
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 255 - extension.length) + extension;
}

export type EvidenceCheck =
  | { ok: true; kind: EvidenceKind; contentType: string; fileName: string }
  | { ok: false; code: 'FILE_TYPE_REFUSED' | 'FILE_TOO_LARGE'; message: string };

/** Checks one evidence file: size, an accepted extension, and content matching that extension. */
export function checkEvidenceFile(originalName: string, content: Buffer): EvidenceCheck {
  const fileName = sanitizeFileName(originalName);
  if (content.length > MAX_EVIDENCE_BYTES) {
    return {
      ok: false,
      code: 'FILE_TOO_LARGE',
      message: `Le fichier « ${fileName} » dépasse 10 Mo : réduisez-le ou découpez-le avant de le joindre.`,
    };
  }
  if (content.length === 0) {
    return { ok: false, code: 'FILE_TYPE_REFUSED', message: `Le fichier « ${fileName} » est vide.` };
  }
  const dot = fileName.lastIndexOf('.');
  const kind = dot >= 0 ? EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] : undefined;
  if (!kind) {
    return {
      ok: false,
      code: 'FILE_TYPE_REFUSED',
      message: `Le fichier « ${fileName} » n'est pas d'un type accepté : joignez un fichier ${ACCEPTED_EVIDENCE}.`,
    };
  }
  if (!detect(content, kind)) {
    return {
      ok: false,
      code: 'FILE_TYPE_REFUSED',
      message: `Le contenu du fichier « ${fileName} » ne correspond pas à son extension : joignez un vrai fichier ${ACCEPTED_EVIDENCE}.`,
    };
  }
  return { ok: true, kind, contentType: EVIDENCE_CONTENT_TYPES[kind], fileName };
}

/** Content-Disposition for a download: an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
