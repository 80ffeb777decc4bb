import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@esms/domain';

import type { Client } from './sessions';

/**
 * Building blocks of the authorisation matrix (authorization-matrix.int-spec.ts). Each file of test/matrix/
 * declares the routes of one feature: the request to send and the status every actor must get, for an object
 * of its own region and of another region when the route is regional.
 */
export type Actor = 'ANONYME' | Role;
export type Relation = 'own' | 'other';

export const ACTORS: Record<Actor, string | null> = {
  ANONYME: null,
  CNSA_ADMIN: 'admin@cnsa.demo',
  CNSA_ANALYST: 'analyste@cnsa.demo',
  AUDITOR: 'auditeur@cnsa.demo',
  ARS_OFFICER: 'ars.bretagne@ars.demo',
  GRADES_MEMBER: 'grades.tesis@grades.demo',
};

/** A region the actor owns and one it does not (national actors: Bretagne and Occitanie). */
export const REGIONS: Record<Actor, Record<Relation, string>> = {
  ANONYME: { own: '53', other: '76' },
  CNSA_ADMIN: { own: '53', other: '76' },
  CNSA_ANALYST: { own: '53', other: '76' },
  AUDITOR: { own: '53', other: '76' },
  ARS_OFFICER: { own: '53', other: '76' },
  GRADES_MEMBER: { own: '04', other: '76' },
};

export interface MatrixContext {
  actor: Actor;
  relation: Relation;
  /** The INSEE code of the region on the actor's side of the relation. */
  region: string;
  /** A short unique string for this run (for unique e-mails, codes…). */
  run: string;
  /** Ids prepared by the `prepare` functions of the matrix files, e.g. ids['project:53']. */
  ids: Record<string, string>;
}

export interface MatrixCase {
  path: (context: MatrixContext) => string;
  body?: (context: MatrixContext) => object;
  expect: (actor: Actor, relation: Relation) => number;
  /** Runs with a session opened for this case only (sign-out would end the shared one). */
  fresh?: boolean;
  /** Runs once for an object of the actor's region and once for another region's. */
  regional?: boolean;
}

export interface MatrixFile {
  entries: Record<string, MatrixCase>;
  /** Creates the objects the entries need (as admin, through the API or SQL) and returns their ids. */
  prepare?: (app: NestExpressApplication, admin: Client, databaseUrl: string) => Promise<Record<string, string>>;
}

export const everyone = (status: number) => (): number => status;
export const signedIn = (status: number) => (actor: Actor): number => (actor === 'ANONYME' ? 401 : status);
export const onlyRoles =
  (status: number, ...roles: Role[]) =>
  (actor: Actor): number =>
    actor === 'ANONYME' ? 401 : roles.includes(actor) ? status : 403;
export const adminOnly = (status: number) => onlyRoles(status, 'CNSA_ADMIN');

/**
 * Regional rows: national roles get `status` for both regions; an ARS officer or GRADeS member gets `status` on
 * its own region and 404 on another's (another region's object does not exist for them).
 */
export const regionalRead =
  (status: number) =>
  (actor: Actor, relation: Relation): number =>
    actor === 'ANONYME' ? 401 : (actor === 'ARS_OFFICER' || actor === 'GRADES_MEMBER') && relation === 'other' ? 404 : status;

/**
 * Regional writes by the region's ARS and the CNSA administrator: the ARS officer gets `status` on its region and
 * 404 on another's; GRADeS members, analysts and auditors get 403 (or 404 for another region's object).
 */
export const regionalWrite =
  (status: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'CNSA_ADMIN') return status;
    if (actor === 'ARS_OFFICER') return relation === 'own' ? status : 404;
    if (actor === 'GRADES_MEMBER') return relation === 'own' ? 403 : 404;
    return 403;
  };
