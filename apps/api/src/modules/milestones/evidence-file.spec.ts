import { attachmentDisposition, checkEvidenceFile, MAX_EVIDENCE_BYTES, sanitizeFileName } from './evidence-file';

function zip(firstName: string, firstContent: string, ...others: string[]): Buffer {
  const entry = (name: string, content: string): Buffer => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(name.length, 26);
    return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')]);
  };
  return Buffer.concat([entry(firstName, firstContent), ...others.map((name) => entry(name, '<x/>'))]);
}

const FILES = {
  pdf: Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 0x43]),
  odt: zip('mimetype', 'application/vnd.oasis.opendocument.text', 'content.xml'),
  ods: zip('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml'),
  docx: zip('[Content_Types].xml', '<Types/>', 'word/document.xml'),
  xlsx: zip('[Content_Types].xml', '<Types/>', 'xl/workbook.xml'),
  pptx: zip('[Content_Types].xml', '<Types/>', 'ppt/presentation.xml'),
  zip: zip('readme.txt', 'bonjour'),
  csv: Buffer.from('code;valeur\r\nDUI_ACTIFS;100\r\nINS;80,5\n', 'utf8'),
  latinCsv: Buffer.from('libellé;valeur\n', 'latin1'),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
  html: Buffer.from('<html><script>alert(1)</script></html>', 'utf8'),
  elf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
};

describe('checkEvidenceFile', () => {
  it.each([
    ['rapport.pdf', FILES.pdf, 'application/pdf'],
    ['RAPPORT.PDF', FILES.pdf, 'application/pdf'],
    ['capture.png', FILES.png, 'image/png'],
    ['photo.jpg', FILES.jpeg, 'image/jpeg'],
    ['photo.jpeg', FILES.jpeg, 'image/jpeg'],
    ['note.odt', FILES.odt, 'application/vnd.oasis.opendocument.text'],
    ['cr.docx', FILES.docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['suivi.xlsx', FILES.xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['export.csv', FILES.csv, 'text/csv'],
    ['export-latin1.csv', FILES.latinCsv, 'text/csv'],
  ])('accepts %s as %s', (name, content, contentType) => {
    expect(checkEvidenceFile(name, content)).toEqual({ ok: true, kind: expect.any(String), contentType, fileName: name });
  });

  it.each([
    ['an executable renamed', 'rapport.pdf', FILES.exe],
    ['an executable', 'outil.exe', FILES.exe],
    ['an ELF binary renamed', 'image.png', FILES.elf],
    ['HTML renamed', 'page.pdf', FILES.html],
    ['HTML', 'page.html', FILES.html],
    ['a PNG named pdf', 'image.pdf', FILES.png],
    ['a JPEG named png', 'photo.png', FILES.jpeg],
    ['a spreadsheet named odt', 'tableur.odt', FILES.ods],
    ['a Word file named odt', 'texte.odt', FILES.docx],
    ['a Word file named xlsx', 'texte.xlsx', FILES.docx],
    ['a PowerPoint named docx', 'diapos.docx', FILES.pptx],
    ['a plain ZIP named docx', 'archive.docx', FILES.zip],
    ['binary named csv', 'donnees.csv', FILES.exe],
    ['no extension', 'rapport', FILES.pdf],
    ['an empty file', 'vide.pdf', Buffer.alloc(0)],
  ])('refuses %s (FILE_TYPE_REFUSED, French)', (_case, name, content) => {
    const result = checkEvidenceFile(name, content);
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.code).toBe('FILE_TYPE_REFUSED');
    expect(result.ok ? '' : result.message).toMatch(/^(Le fichier|Le contenu du fichier) « /);
  });

  it('refuses more than 10 Mo (FILE_TOO_LARGE) and accepts exactly 10 Mo', () => {
    const exact = Buffer.concat([FILES.pdf, Buffer.alloc(MAX_EVIDENCE_BYTES - FILES.pdf.length)]);
    expect(checkEvidenceFile('gros.pdf', exact).ok).toBe(true);
    const over = Buffer.concat([exact, Buffer.alloc(1)]);
    expect(checkEvidenceFile('gros.pdf', over)).toEqual({ ok: false, code: 'FILE_TOO_LARGE', message: expect.stringContaining('10 Mo') });
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['rapport.pdf', 'rapport.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\agent\\bilan.docx', 'bilan.docx'],
    ['bi"lan<1>.pdf', 'bi_lan_1_.pdf'],
    ['ligne\nnouvelle.csv', 'ligne_nouvelle.csv'],
    ['   ', 'piece-jointe'],
    ['procès-verbal.pdf', 'procès-verbal.pdf'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeFileName(input)).toBe(output);
  });

  it('keeps the extension when it shortens a long name to 255 characters', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.xlsx`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.xlsx')).toBe(true);
  });
});

describe('attachmentDisposition', () => {
  it.each([
    ['rapport.pdf', `attachment; filename="rapport.pdf"; filename*=UTF-8''rapport.pdf`],
    ['procès-verbal.pdf', `attachment; filename="proces-verbal.pdf"; filename*=UTF-8''proc%C3%A8s-verbal.pdf`],
    ["l'état (final).pdf", `attachment; filename="l'etat (final).pdf"; filename*=UTF-8''l%27%C3%A9tat%20%28final%29.pdf`],
    ['模板.csv', `attachment; filename="__.csv"; filename*=UTF-8''%E6%A8%A1%E6%9D%BF.csv`],
  ])('%s → %s', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });
});
