import type { ImportKind } from '@esms/api-contract';

import type { ImportKindSpec } from './kind';
import { MEMBERS_SPEC } from './members';
import { MILESTONES_SPEC } from './milestones';
import { PROJECTS_SPEC } from './projects';

export const IMPORT_SPECS: Readonly<Record<ImportKind, ImportKindSpec<string>>> = {
  projects: PROJECTS_SPEC,
  members: MEMBERS_SPEC,
  milestones: MILESTONES_SPEC,
};
