import type { ImportIssue, ImportRowResult } from '@esms/api-contract';
import { centsFromDb, formatEuros, type SoftwareSituation } from '@esms/domain';
import { EntityManager } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { regionCondition } from '../../common/auth/scope';
import { DomainException } from '../../common/errors/domain.exception';
import type { MilestonesService } from '../milestones/milestones.service';
import { MAX_MEMBERS } from '../projects/dto/project.dto';
import type { ProjectsService } from '../projects/projects.service';
import { normaliseHeader } from './parsing/columns';
import type { MemberLine } from './kinds/members';
import { declarationComment, type MilestoneLine } from './kinds/milestones';
import type { ProjectGroup } from './kinds/projects';

/**
 * Applies the rows of an import inside the import's transaction, through the real services (already bound to it),
 * one project or milestone at a time in a SAVEPOINT: a refused one is rolled back alone and reported with its line,
 * column and value, and the next ones are still checked. The caller commits only when no row was refused.
 */

export interface ApplyContext {
  manager: EntityManager;
  user: CurrentUser;
  projects: ProjectsService;
  milestones: MilestonesService;
}

export interface ApplyOutcome {
  rows: ImportRowResult[];
  errors: ImportIssue[];
}

const SITUATION_LABELS: Readonly<Record<SoftwareSituation, string>> = {
  acquisition: 'Acquisition',
  mise_en_conformite: 'Mise en conformité',
};

interface ExistingProject {
  id: string;
  code: string;
  name: string;
  campaign_year: number;
  region_code: string;
  porteur_finess: string;
  dui_software_id: number | null;
  requested_cents: string;
  status: string;
  version: number;
}

interface ExistingMember {
  essms_id: string;
  finess_geo: string;
  software_situation: SoftwareSituation;
}

const PROJECT_SELECT = `SELECT p.id, p.code, p.name, p.campaign_year, p.region_code, og.finess_juridique AS porteur_finess, p.dui_software_id,
  p.requested_cents, p.status, p.version
  FROM project p JOIN organisme_gestionnaire og ON og.id = p.porteur_og_id`;

/** A project the user may see, by code (null: not found in the user's regions). */
async function projectByCode(context: ApplyContext, code: string): Promise<ExistingProject | null> {
  const params: unknown[] = [code];
  const scope = regionCondition(context.user.scope, 'p.region_code', params);
  const rows = await context.manager.query<ExistingProject[]>(`${PROJECT_SELECT} WHERE p.code = $1 AND ${scope}`, params);
  return rows[0] ?? null;
}

async function membersOf(manager: EntityManager, projectId: string): Promise<ExistingMember[]> {
  return manager.query<ExistingMember[]>(
    `SELECT pm.essms_id, e.finess_geo, pm.software_situation FROM project_member pm JOIN essms e ON e.id = pm.essms_id
      WHERE pm.project_id = $1 ORDER BY e.finess_geo`,
    [projectId],
  );
}

/** ESSMS ids by FINESS géographique (those that exist). */
async function essmsIds(manager: EntityManager, finess: readonly string[]): Promise<Map<string, string>> {
  const rows = await manager.query<{ id: string; finess_geo: string }[]>(`SELECT id, finess_geo FROM essms WHERE finess_geo = ANY($1::varchar[])`, [
    [...new Set(finess)],
  ]);
  return new Map(rows.map((row) => [row.finess_geo, row.id]));
}

/**
 * Runs `work` in a SAVEPOINT. A DomainException (a rule of the service) is rolled back to the savepoint and returned
 * to be reported; anything else (a fault) propagates and aborts the import.
 */
async function attempt<T>(manager: EntityManager, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: DomainException }> {
  try {
    return { ok: true, value: await manager.transaction(() => work()) };
  } catch (error) {
    if (error instanceof DomainException) return { ok: false, error };
    throw error;
  }
}

function notFoundProject(line: number, code: string): ImportIssue {
  return {
    line,
    column: 'Code projet',
    value: code,
    message: `Le projet ${code} n'existe pas, ou pas dans votre région : vérifiez son code dans la liste des projets.`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Projects and their ESSMS

const PROJECT_FIELD_COLUMNS: Readonly<Record<string, string>> = {
  name: 'Nom du projet',
  campaignYear: 'Campagne',
  regionCode: 'Région',
  porteurOgId: 'FINESS juridique du porteur',
  duiSoftwareId: 'Logiciel DUI',
  requestedCents: 'Montant demandé (€)',
  grantedCents: 'Montant demandé (€)',
  grantOverrideJustification: 'Montant demandé (€)',
  members: 'FINESS géographique',
};

/** A service's refusal as an issue on the line and column it names (`members.3.essmsId` → the 4th ESSMS's line). */
function projectIssue(error: DomainException, lines: readonly { line: number; finess: string | null }[]): ImportIssue {
  const field = error.field ?? '';
  const member = /^members\.(\d+)/.exec(field);
  const target = member ? lines[Number(member[1])] : undefined;
  const first = lines.find((line) => line.line > 0) ?? lines[0];
  return {
    line: (target && target.line > 0 ? target.line : first?.line) ?? null,
    column: member ? 'FINESS géographique' : (PROJECT_FIELD_COLUMNS[field.split('.')[0] ?? ''] ?? null),
    value: member ? (target?.finess ?? null) : null,
    message: error.message,
  };
}

function sameMembers(current: readonly ExistingMember[], wanted: readonly { essmsId: string; softwareSituation: SoftwareSituation }[]): boolean {
  if (current.length !== wanted.length) return false;
  const byId = new Map(current.map((member) => [member.essms_id, member.software_situation]));
  return wanted.every((member) => byId.get(member.essmsId) === member.softwareSituation);
}

export async function applyProjects(context: ApplyContext, groups: readonly ProjectGroup[]): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { rows: [], errors: [] };
  const { manager, user } = context;
  const allFiness = groups.flatMap((group) => group.lines.map((line) => line.finess));
  const essms = await essmsIds(manager, allFiness);
  const porteurRows = await manager.query<{ id: string; finess_juridique: string }[]>(
    `SELECT id, finess_juridique FROM organisme_gestionnaire WHERE finess_juridique = ANY($1::varchar[])`,
    [[...new Set(groups.map((group) => group.first.porteurFiness))]],
  );
  const porteurs = new Map(porteurRows.map((row) => [row.finess_juridique, row.id]));

  for (const group of groups) {
    const first = group.first;
    const lines = group.lines.map((line) => line.line);
    const issues: ImportIssue[] = [];
    if (user.scope.kind === 'regions' && !user.scope.regionCodes.includes(first.regionCode)) {
      for (const line of group.lines) {
        issues.push({
          line: line.line,
          column: 'Région',
          value: line.regionCode,
          message: `La région ${line.regionCode} n'est pas la vôtre : une ARS n'importe que les projets de sa région.`,
        });
      }
      outcome.errors.push(...issues);
      continue;
    }
    const porteurId = porteurs.get(first.porteurFiness);
    if (!porteurId) {
      issues.push({
        line: first.line,
        column: 'FINESS juridique du porteur',
        value: first.porteurFiness,
        message: `Aucun organisme gestionnaire de FINESS juridique ${first.porteurFiness} dans le référentiel : vérifiez le numéro ou ajoutez l'organisme.`,
      });
    }
    for (const line of group.lines) {
      if (!essms.has(line.finess)) {
        issues.push({
          line: line.line,
          column: 'FINESS géographique',
          value: line.finess,
          message: `Aucun ESSMS de FINESS géographique ${line.finess} dans le référentiel : vérifiez le numéro ou ajoutez l'ESSMS.`,
        });
      }
    }
    if (group.lines.length > MAX_MEMBERS) {
      issues.push({ line: first.line, column: 'FINESS géographique', value: null, message: `Une grappe ne peut pas compter plus de ${MAX_MEMBERS} ESSMS.` });
    }
    if (issues.length > 0 || !porteurId) {
      outcome.errors.push(...issues);
      continue;
    }
    const members = group.lines.map((line) => ({ essmsId: essms.get(line.finess) ?? '', softwareSituation: line.situation }));
    const memberLines = group.lines.map((line) => ({ line: line.line, finess: line.finess }));

    // The project of the file: by code, or (a new one) by campaign, region, porteur and name.
    let existing: ExistingProject | null;
    if (first.code) {
      existing = await projectByCode(context, first.code);
      if (!existing) {
        outcome.errors.push(notFoundProject(first.line, first.code));
        continue;
      }
      const fixed: [string, string, string][] = [
        ['Campagne', String(existing.campaign_year), String(first.campaignYear)],
        ['Région', existing.region_code, first.regionCode],
        ['FINESS juridique du porteur', existing.porteur_finess, first.porteurFiness],
      ];
      const changed = fixed.filter(([, was, now]) => was !== now);
      if (changed.length > 0) {
        outcome.errors.push(
          ...changed.map(([column, was, now]) => ({
            line: first.line,
            column,
            value: now,
            message: `Le projet ${existing?.code ?? ''} a « ${was} » pour « ${column} » : la campagne, la région et le porteur d'un projet ne changent pas par import.`,
          })),
        );
        continue;
      }
    } else {
      const params: unknown[] = [first.campaignYear, first.regionCode, porteurId, first.name.replace(/\s+/g, ' ').trim().toLowerCase()];
      const scope = regionCondition(user.scope, 'p.region_code', params);
      const found = await manager.query<ExistingProject[]>(
        `${PROJECT_SELECT} WHERE p.campaign_year = $1 AND p.region_code = $2 AND p.porteur_og_id = $3
            AND lower(regexp_replace(trim(p.name), '\\s+', ' ', 'g')) = $4 AND ${scope}
          ORDER BY p.created_at DESC LIMIT 1`,
        params,
      );
      existing = found[0] ?? null;
    }

    if (!existing) {
      const created = await attempt(manager, () =>
        context.projects.create(user, {
          name: first.name,
          campaignYear: first.campaignYear,
          regionCode: first.regionCode,
          porteurOgId: porteurId,
          duiSoftwareId: first.duiSoftwareId,
          members,
          requestedCents: first.requestedCents,
        }),
      );
      if (!created.ok) {
        outcome.errors.push(projectIssue(created.error, memberLines));
        continue;
      }
      outcome.rows.push({
        lines,
        key: created.value.code,
        outcome: 'CREE',
        description: `Projet ${created.value.code} « ${first.name} » déposé avec ${members.length} ESSMS (${created.value.callTypeLabel}, montant calculé ${formatEuros(created.value.computedGrantCents)}).`,
      });
      continue;
    }

    const project = existing;
    const current = await membersOf(manager, project.id);
    const changes: string[] = [];
    const nameNormalised = first.name;
    if (project.name !== nameNormalised) changes.push('nom');
    if (project.dui_software_id !== first.duiSoftwareId) changes.push('logiciel DUI');
    if (centsFromDb(project.requested_cents) !== first.requestedCents) changes.push('montant demandé');
    const membersChanged = !sameMembers(current, members);
    if (membersChanged) changes.push('ESSMS membres');
    if (changes.length === 0) {
      outcome.rows.push({ lines, key: project.code, outcome: 'INCHANGE', description: `Projet ${project.code} inchangé.` });
      continue;
    }
    const updated = await attempt(manager, () =>
      context.projects.update(
        user,
        project.id,
        {
          version: project.version,
          ...(project.name !== nameNormalised ? { name: nameNormalised } : {}),
          ...(project.dui_software_id !== first.duiSoftwareId ? { duiSoftwareId: first.duiSoftwareId } : {}),
          ...(centsFromDb(project.requested_cents) !== first.requestedCents ? { requestedCents: first.requestedCents } : {}),
          ...(membersChanged ? { members } : {}),
        },
        undefined,
      ),
    );
    if (!updated.ok) {
      outcome.errors.push(projectIssue(updated.error, memberLines));
      continue;
    }
    outcome.rows.push({ lines, key: project.code, outcome: 'MIS_A_JOUR', description: `Projet ${project.code} : ${changes.join(', ')} modifiés.` });
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// Members of existing projects

export async function applyMembers(context: ApplyContext, lines: readonly MemberLine[]): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { rows: [], errors: [] };
  const { manager, user } = context;
  const essms = await essmsIds(manager, lines.map((line) => line.finess));
  const byProject = new Map<string, MemberLine[]>();
  for (const line of lines) byProject.set(line.code, [...(byProject.get(line.code) ?? []), line]);

  for (const [code, projectLines] of byProject) {
    const project = await projectByCode(context, code);
    if (!project) {
      outcome.errors.push(...projectLines.map((line) => notFoundProject(line.line, code)));
      continue;
    }
    const unknown = projectLines.filter((line) => !essms.has(line.finess));
    if (unknown.length > 0) {
      outcome.errors.push(
        ...unknown.map((line) => ({
          line: line.line,
          column: 'FINESS géographique',
          value: line.finess,
          message: `Aucun ESSMS de FINESS géographique ${line.finess} dans le référentiel : vérifiez le numéro ou ajoutez l'ESSMS.`,
        })),
      );
      continue;
    }
    const current = await membersOf(manager, project.id);
    // The wanted list: current members in their order, changed or removed, then the added ones (with their line).
    const wanted = current.map((member) => ({ essmsId: member.essms_id, softwareSituation: member.software_situation, line: 0, finess: member.finess_geo }));
    const results: ImportRowResult[] = [];
    for (const line of projectLines) {
      const essmsId = essms.get(line.finess) ?? '';
      const index = wanted.findIndex((member) => member.essmsId === essmsId);
      const key = `${code} — ${line.finess}`;
      if (line.action === 'retirer') {
        if (index < 0) {
          results.push({ lines: [line.line], key, outcome: 'INCHANGE', description: `ESSMS ${line.finess} déjà absent du projet ${code}.` });
        } else {
          wanted.splice(index, 1);
          results.push({ lines: [line.line], key, outcome: 'MIS_A_JOUR', description: `ESSMS ${line.finess} retiré du projet ${code}.` });
        }
        continue;
      }
      const situation = line.situation ?? 'acquisition';
      const member = wanted[index];
      if (!member) {
        wanted.push({ essmsId, softwareSituation: situation, line: line.line, finess: line.finess });
        results.push({ lines: [line.line], key, outcome: 'CREE', description: `ESSMS ${line.finess} ajouté au projet ${code} (${SITUATION_LABELS[situation]}).` });
      } else if (member.softwareSituation !== situation) {
        member.softwareSituation = situation;
        member.line = line.line;
        results.push({ lines: [line.line], key, outcome: 'MIS_A_JOUR', description: `ESSMS ${line.finess} du projet ${code} : situation « ${SITUATION_LABELS[situation]} ».` });
      } else {
        results.push({ lines: [line.line], key, outcome: 'INCHANGE', description: `ESSMS ${line.finess} déjà membre du projet ${code}.` });
      }
    }
    if (results.every((result) => result.outcome === 'INCHANGE')) {
      outcome.rows.push(...results);
      continue;
    }
    const firstLine = projectLines[0]?.line ?? 0;
    const updated = await attempt(manager, () =>
      context.projects.update(
        user,
        project.id,
        { version: project.version, members: wanted.map((member) => ({ essmsId: member.essmsId, softwareSituation: member.softwareSituation })) },
        undefined,
      ),
    );
    if (!updated.ok) {
      const issue = projectIssue(
        updated.error,
        wanted.map((member) => ({ line: member.line, finess: member.finess })),
      );
      outcome.errors.push({ ...issue, line: issue.line && issue.line > 0 ? issue.line : firstLine });
      continue;
    }
    outcome.rows.push(...results);
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// Milestone declarations

interface MilestoneTypeRow {
  id: number;
  code: string;
  label: string;
  per_essms: boolean;
}

interface MilestoneRow {
  id: string;
  status: string;
  version: number;
  declaration_comment: string | null;
  indicator_values: Record<string, number> | null;
}

const DECLARED = ['DECLARE', 'VALIDE_ARS', 'VALIDE_CNSA'];
const STATUS_LABELS: Readonly<Record<string, string>> = {
  DECLARE: 'Déclaré',
  VALIDE_ARS: 'Validé ARS',
  VALIDE_CNSA: 'Validé CNSA',
  NON_ATTEINT: 'Non atteint',
};

function sameIndicators(a: Record<string, number> | null, b: Record<string, number> | null): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => Number(left[key]) === Number(right[key]));
}

export async function applyMilestones(context: ApplyContext, lines: readonly MilestoneLine[]): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { rows: [], errors: [] };
  const { manager, user } = context;
  const projects = new Map<string, ExistingProject | null>();
  const types = new Map<number, MilestoneTypeRow[]>();

  for (const line of lines) {
    if (!projects.has(line.code)) projects.set(line.code, await projectByCode(context, line.code));
    const project = projects.get(line.code);
    if (!project) {
      outcome.errors.push(notFoundProject(line.line, line.code));
      continue;
    }
    if (!types.has(project.campaign_year)) {
      types.set(
        project.campaign_year,
        await manager.query<MilestoneTypeRow[]>(`SELECT id, code, label, per_essms FROM milestone_type WHERE campaign_year = $1 ORDER BY position`, [
          project.campaign_year,
        ]),
      );
    }
    const catalogue = types.get(project.campaign_year) ?? [];
    const wanted = normaliseHeader(line.milestone);
    const type = catalogue.find((candidate) => candidate.code.toLowerCase() === wanted || normaliseHeader(candidate.label) === wanted);
    if (!type) {
      outcome.errors.push({
        line: line.line,
        column: 'Jalon',
        value: line.milestone,
        message: `Jalon inconnu « ${line.milestone} » pour la campagne ${project.campaign_year} : utilisez l'un de ${catalogue.map((item) => item.code).join(', ')}.`,
      });
      continue;
    }
    if (type.per_essms && !line.finess) {
      outcome.errors.push({
        line: line.line,
        column: 'FINESS géographique',
        value: null,
        message: `Le jalon « ${type.label} » se suit ESSMS par ESSMS : indiquez le FINESS géographique de l'ESSMS concerné.`,
      });
      continue;
    }
    if (!type.per_essms && line.finess) {
      outcome.errors.push({
        line: line.line,
        column: 'FINESS géographique',
        value: line.finess,
        message: `Le jalon « ${type.label} » se déclare pour le projet entier : laissez le FINESS géographique vide.`,
      });
      continue;
    }
    const rows = await manager.query<MilestoneRow[]>(
      `SELECT m.id, m.status, m.version, m.declaration_comment, m.indicator_values
         FROM milestone m LEFT JOIN essms e ON e.id = m.essms_id
        WHERE m.project_id = $1 AND m.milestone_type_id = $2 AND (($3::varchar IS NULL AND m.essms_id IS NULL) OR e.finess_geo = $3::varchar)`,
      [project.id, type.id, line.finess],
    );
    const milestone = rows[0];
    const key = `${project.code} — ${type.code}${line.finess ? ` — ${line.finess}` : ''}`;
    if (!milestone) {
      outcome.errors.push({
        line: line.line,
        column: line.finess ? 'FINESS géographique' : 'Jalon',
        value: line.finess ?? line.milestone,
        message: line.finess
          ? `L'ESSMS ${line.finess} n'est pas membre du projet ${project.code} : il n'a pas de jalon « ${type.label} ».`
          : `Le projet ${project.code} n'a pas de jalon « ${type.label} ».`,
      });
      continue;
    }
    const comment = declarationComment(line);
    if (DECLARED.includes(milestone.status) || milestone.status === 'NON_ATTEINT') {
      if (milestone.declaration_comment === comment && sameIndicators(milestone.indicator_values, line.indicatorValues)) {
        outcome.rows.push({ lines: [line.line], key, outcome: 'INCHANGE', description: `Jalon « ${type.label} » déjà déclaré ainsi.` });
      } else {
        outcome.errors.push({
          line: line.line,
          column: 'Jalon',
          value: line.milestone,
          message: `Le jalon « ${type.label} » du projet ${project.code} est déjà « ${STATUS_LABELS[milestone.status] ?? milestone.status} » avec une autre déclaration : il ne se déclare de nouveau qu'après un rejet.`,
        });
      }
      continue;
    }
    const declared = await attempt(manager, () =>
      context.milestones.declare(
        user,
        milestone.id,
        { version: milestone.version, comment, ...(line.indicatorValues ? { indicatorValues: line.indicatorValues } : {}) },
        [],
        undefined,
      ),
    );
    if (!declared.ok) {
      const field = declared.error.field ?? '';
      outcome.errors.push({
        line: line.line,
        column: field === 'comment' ? 'Commentaire' : field.startsWith('indicatorValues') ? "Valeurs d'indicateurs" : 'Jalon',
        value: field.startsWith('indicatorValues') ? (line.indicatorValues ? JSON.stringify(line.indicatorValues) : null) : line.milestone,
        message: declared.error.message,
      });
      continue;
    }
    outcome.rows.push({ lines: [line.line], key, outcome: 'MIS_A_JOUR', description: `Jalon « ${type.label} » déclaré.` });
  }
  return outcome;
}
