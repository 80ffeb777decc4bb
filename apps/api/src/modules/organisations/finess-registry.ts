import { EntityManager } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';

/**
 * One FINESS number names one thing: an organisme gestionnaire (FINESS juridique) or an ESSMS (FINESS
 * géographique), never both, never twice. Writers call {@link claimFiness} inside their transaction: it serialises
 * the writers of the same number (advisory lock) and refuses a number already used in either table.
 */
export async function claimFiness(
  manager: EntityManager,
  finess: string,
  field: string,
  kind: 'juridique' | 'geographique',
  exceptId: string | null,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('finess'), hashtext($1))`, [finess]);
  const og = await manager.query<{ id: string; name: string }[]>(
    `SELECT id, name FROM organisme_gestionnaire WHERE finess_juridique = $1 AND id IS DISTINCT FROM $2::uuid`,
    [finess, kind === 'juridique' ? exceptId : null],
  );
  const taken = og[0];
  if (taken) {
    throw new DomainException(
      'FINESS_TAKEN',
      kind === 'juridique'
        ? `Le numéro FINESS ${finess} est déjà celui de l'organisme gestionnaire « ${taken.name} ».`
        : `Le numéro FINESS ${finess} est le FINESS juridique de l'organisme gestionnaire « ${taken.name} » : un ESSMS se désigne par son propre FINESS géographique.`,
      field,
      { organismeGestionnaireId: taken.id },
    );
  }
  const essms = await manager.query<{ id: string; name: string }[]>(
    `SELECT id, name FROM essms WHERE finess_geo = $1 AND id IS DISTINCT FROM $2::uuid`,
    [finess, kind === 'geographique' ? exceptId : null],
  );
  const used = essms[0];
  if (used) {
    throw new DomainException(
      'FINESS_TAKEN',
      kind === 'geographique'
        ? `Le numéro FINESS ${finess} est déjà celui de l'ESSMS « ${used.name} ».`
        : `Le numéro FINESS ${finess} est le FINESS géographique de l'ESSMS « ${used.name} » : un organisme gestionnaire se désigne par son propre FINESS juridique.`,
      field,
      { essmsId: used.id },
    );
  }
}

/** The answer to a unique violation that slipped past {@link claimFiness} (it cannot, but the database has the last word). */
export function finessTaken(finess: string, field: string): DomainException {
  return new DomainException('FINESS_TAKEN', `Le numéro FINESS ${finess} est déjà utilisé.`, field);
}
