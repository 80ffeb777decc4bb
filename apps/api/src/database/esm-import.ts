/**
 * Native dynamic `import()` of an ESM-only package from CommonJS code. Written through `Function` so that
 * neither TypeScript (module commonjs) nor webpack rewrites it into `require()`.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function esmImport<T>(specifier: string): Promise<T> {
  return (await nativeImport(specifier)) as T;
}
