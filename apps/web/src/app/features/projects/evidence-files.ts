/**
 * Evidence files of a milestone declaration, checked in the browser with the API's rules (the API checks them
 * again, by content): at most 5 files, PDF, PNG, JPEG, ODT, DOCX, XLSX or CSV, not empty, at most 10 Mo each.
 * The messages are the API's, so that a file refused here or there reads the same.
 */
export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_EVIDENCE = 'PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV';
/** For the file input's `accept` attribute. */
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.odt,.docx,.xlsx,.csv';

const EXTENSIONS: ReadonlySet<string> = new Set(['pdf', 'png', 'jpg', 'jpeg', 'odt', 'docx', 'xlsx', 'csv']);

/** Extension of a file name, lower case, without the dot; '' when there is none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** What is wrong with one file, in French, or null when it may be sent. */
export function evidenceFileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (file.size > MAX_EVIDENCE_BYTES) {
    return `Le fichier « ${file.name} » dépasse 10 Mo : réduisez-le ou découpez-le avant de le joindre.`;
  }
  if (file.size === 0) return `Le fichier « ${file.name} » est vide.`;
  if (!EXTENSIONS.has(extensionOf(file.name))) {
    return `Le fichier « ${file.name} » n'est pas d'un type accepté : joignez un fichier ${ACCEPTED_EVIDENCE}.`;
  }
  return null;
}

/** Every problem of a selection of files: their number, then each file in order. Empty: all may be sent. */
export function evidenceProblems(files: readonly Pick<File, 'name' | 'size'>[]): string[] {
  const problems: string[] = [];
  if (files.length > MAX_EVIDENCE_FILES) {
    problems.push(
      `Vous avez choisi ${files.length} fichiers : joignez-en au plus ${MAX_EVIDENCE_FILES} par déclaration.`,
    );
  }
  for (const file of files) {
    const problem = evidenceFileProblem(file);
    if (problem) problems.push(problem);
  }
  return problems;
}

const SIZE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 850 octets », « 120 ko », « 2,4 Mo » (the DSFR download link detail). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${SIZE.format(bytes)}\u00a0octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1024 * 1024) return `${SIZE.format(bytes / 1024)}\u00a0ko`;
  return `${SIZE.format(bytes / (1024 * 1024))}\u00a0Mo`;
}

/** « PDF », « DOCX »: the format shown next to a download link. */
export function formatOf(fileName: string): string {
  return extensionOf(fileName).toUpperCase() || 'Fichier';
}
