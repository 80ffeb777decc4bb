import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an existing service (ProjectsService, MilestonesService…) inside the import's transaction, so that its own
 * rules — thresholds, call type, funding, FINESS, one live project per ESSMS, scope, audit — apply unchanged and a
 * whole import commits or rolls back at once.
 *
 * Those services open their transactions with `this.dataSource.transaction(…)` and read with
 * `this.dataSource.manager`/`query`. The bound copy sees, instead of the pool, the import's transactional manager:
 * `transaction` becomes a SAVEPOINT on the same connection (TypeORM nests transactions that way), which also lets
 * one failing row be rolled back alone while the dry run goes on checking the next ones. Nothing else changes: the
 * copy inherits every other member (injected services, methods) from the real instance. See docs/adr (imports).
 */
export function boundDataSource(dataSource: DataSource, manager: EntityManager): DataSource {
  return new Proxy(dataSource, {
    get(target, property, receiver): unknown {
      switch (property) {
        case 'manager':
          return manager;
        case 'transaction':
          return (...args: Parameters<EntityManager['transaction']>) => manager.transaction(...args);
        case 'query':
          return (query: string, parameters?: unknown[]) => manager.query(query, parameters);
        case 'getRepository':
          return (entity: Parameters<EntityManager['getRepository']>[0]) => manager.getRepository(entity);
        case 'createQueryBuilder':
          return (...args: unknown[]) => (manager.createQueryBuilder as (...a: unknown[]) => unknown)(...args);
        case 'createQueryRunner':
          return () => {
            throw new Error("Un service appelé par l'import a ouvert sa propre connexion : il sortirait de la transaction de l'import.");
          };
        default:
          return Reflect.get(target, property, receiver) as unknown;
      }
    },
  });
}

/** A copy of `service` whose `dataSource` is bound to `manager` (see {@link boundDataSource}). */
export function withinTransaction<T extends object>(service: T, manager: EntityManager): T {
  const dataSource = (service as { dataSource?: unknown }).dataSource;
  if (!(dataSource instanceof DataSource)) {
    throw new Error(`${service.constructor.name} n'a pas de source de données « dataSource » : l'import ne peut pas l'appeler dans sa transaction.`);
  }
  return Object.create(service, { dataSource: { value: boundDataSource(dataSource, manager) } }) as T;
}
