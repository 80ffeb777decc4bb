/** The font table bundled with pdfmake (paths of the Roboto files), which ships no type of its own. */
declare module 'pdfmake/fonts/Roboto' {
  export const Roboto: { normal: string; bold: string; italics: string; bolditalics: string };
}
