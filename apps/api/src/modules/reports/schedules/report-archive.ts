import type { ReportScheduleFormat } from '@esms/api-contract';
import { Injectable } from '@nestjs/common';

import { ReportSnapshotsService } from '../report-snapshots.service';

/** What a run asks for one ARS and one format: the monitoring report of that region at a date. */
export interface ArchiveRequest {
  scope: { kind: 'region'; code: string };
  format: ReportScheduleFormat;
  asOf: string;
}

/** A report generated, frozen (snapshot kept with its SHA-256) and read back to be attached. */
export interface ArchivedReport {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
}

/**
 * Where the reports of a run come from and are kept: the frozen snapshots of the reports module
 * (`ReportSnapshotsService.freeze` with origin PLANIFIE). An abstract class so that Nest injects it by type.
 */
export abstract class ReportArchive {
  abstract freeze(request: ArchiveRequest, scheduleRunId: string): Promise<ArchivedReport>;
}

/** The reports module's snapshots: rendered nationally scoped to the region, stored with origin PLANIFIE, no author. */
@Injectable()
export class SnapshotReportArchive extends ReportArchive {
  constructor(private readonly snapshots: ReportSnapshotsService) {
    super();
  }

  async freeze(request: ArchiveRequest, scheduleRunId: string): Promise<ArchivedReport> {
    const frozen = await this.snapshots.freeze(null, { request, author: null, origin: 'PLANIFIE', scheduleRunId });
    return {
      id: frozen.id,
      fileName: frozen.fileName,
      contentType: frozen.contentType,
      sizeBytes: frozen.sizeBytes,
      sha256: frozen.sha256,
      content: frozen.content,
    };
  }
}
