import { ReferenceSchema1795420800000 } from './1795420800000-ReferenceSchema';
import { ReferenceData1795420800001 } from './1795420800001-ReferenceData';
import { AccessControl1795420800002 } from './1795420800002-AccessControl';

/** Every migration, in order. Listed as classes (not globs) so that the bundled API finds them. */
export const MIGRATIONS = [ReferenceSchema1795420800000, ReferenceData1795420800001, AccessControl1795420800002];
