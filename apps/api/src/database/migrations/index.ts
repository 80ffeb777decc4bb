import { ReferenceSchema1795420800000 } from './1795420800000-ReferenceSchema';
import { ReferenceData1795420800001 } from './1795420800001-ReferenceData';
import { AccessControl1795420800002 } from './1795420800002-AccessControl';
import { ProgrammeCore1795420800003 } from './1795420800003-ProgrammeCore';
import { ProgrammeRules1795420800004 } from './1795420800004-ProgrammeRules';
import { ReferentialEdits1795420800020 } from './1795420800020-ReferentialEdits';
import { ProjectDecision1795420800030 } from './1795420800030-ProjectDecision';
import { Dashboard1795420800060 } from './1795420800060-Dashboard';
import { MilestonesPerEssms1795420800070 } from './1795420800070-MilestonesPerEssms';
import { CommentEdits1795420800080 } from './1795420800080-CommentEdits';
import { Risks1795420800100 } from './1795420800100-Risks';
import { ImportBatches1795420800130 } from './1795420800130-ImportBatches';
import { ReportSnapshots1795420800120 } from './1795420800120-ReportSnapshots';
import { ReportSchedules1795420800140 } from './1795420800140-ReportSchedules';
import { ProjectReadIndexes1795420800150 } from './1795420800150-ProjectReadIndexes';

/** Every migration, in order. Listed as classes (not globs) so that the bundled API finds them. */
export const MIGRATIONS = [
  ReferenceSchema1795420800000,
  ReferenceData1795420800001,
  AccessControl1795420800002,
  ProgrammeCore1795420800003,
  ProgrammeRules1795420800004,
  ReferentialEdits1795420800020,
  ProjectDecision1795420800030,
  Dashboard1795420800060,
  MilestonesPerEssms1795420800070,
  CommentEdits1795420800080,
  Risks1795420800100,
  ReportSnapshots1795420800120,
  ImportBatches1795420800130,
  ReportSchedules1795420800140,
  ProjectReadIndexes1795420800150,
];
