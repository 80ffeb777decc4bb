import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  BulkMilestoneRequest,
  BulkMilestoneResponse,
  CampaignResponse,
  CampaignRulesResponse,
  CommentResponse,
  CreateCommentRequest,
  CreateProjectRequest,
  DuiSoftwareResponse,
  EssmsResponse,
  HistoryEntry,
  MarkPaymentPaidRequest,
  MilestoneRejectionRequest,
  MilestoneResponse,
  MilestoneValidationRequest,
  OrganismeGestionnaireResponse,
  Page,
  PaymentResponse,
  ProjectDetail,
  ProjectSummary,
  ProjectTransitionRequest,
  UpdateCommentRequest,
  UpdateProjectRequest,
} from '@esms/api-contract';
import type { CallType, ProjectStatus } from '@esms/domain';

/** Query of the project list, as the page reads it from its address. */
export interface ProjectListQuery {
  /** Searched in the code, the name and the porteur; empty: everything. */
  readonly q: string;
  readonly campaign: number | null;
  /** INSEE region code; only national roles choose it (the API scopes ARS and GRADeS users anyway). */
  readonly region: string | null;
  readonly status: ProjectStatus | null;
  readonly callType: CallType | null;
  /** True: only projects with at least one late milestone. */
  readonly late: boolean;
  /** Risk levels separated by commas (`ELEVE,CRITIQUE`); null: every level. */
  readonly riskLevel?: string | null;
  /** A key of `PROJECT_SORT_KEYS`, `-key` for descending; null: the API's default (`-updatedAt`). */
  readonly sort: string | null;
  /** From 1. */
  readonly page: number;
  readonly pageSize: number;
}

/** A milestone declaration: the comment, the values typed for the campaign's indicators, the evidence files. */
export interface MilestoneDeclaration {
  /** The milestone's version, as read. */
  readonly version: number;
  readonly comment: string;
  readonly indicatorValues: Readonly<Record<string, number>>;
  readonly files: readonly File[];
}

/** Largest page the API serves (referential lookups read one page). */
const MAX_PAGE_SIZE = 200;

function id(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Projects (grappes) and what hangs from them — milestones, payments, comments, history — and the referential
 * lookups their forms need (campaigns, DUI software, organismes gestionnaires, ESSMS).
 */
@Injectable({ providedIn: 'root' })
export class ProjectsApi {
  private readonly http = inject(HttpClient);

  list(query: ProjectListQuery): Observable<Page<ProjectSummary>> {
    let params = new HttpParams().set('page', query.page).set('pageSize', query.pageSize);
    if (query.q) params = params.set('q', query.q);
    if (query.campaign !== null) params = params.set('campaign', query.campaign);
    if (query.region) params = params.set('region', query.region);
    if (query.status) params = params.set('status', query.status);
    if (query.callType) params = params.set('callType', query.callType);
    if (query.late) params = params.set('late', 'true');
    if (query.riskLevel) params = params.set('riskLevel', query.riskLevel);
    if (query.sort) params = params.set('sort', query.sort);
    return this.http.get<Page<ProjectSummary>>('/api/projects', { params });
  }

  /** 404 when the project does not exist or is outside the user's regions. */
  get(projectId: string): Observable<ProjectDetail> {
    return this.http.get<ProjectDetail>(`/api/projects/${id(projectId)}`);
  }

  create(request: CreateProjectRequest): Observable<ProjectDetail> {
    return this.http.post<ProjectDetail>('/api/projects', request);
  }

  /** Refused with 409 STALE_VERSION when `request.version` is not the stored one. */
  update(projectId: string, request: UpdateProjectRequest): Observable<ProjectDetail> {
    return this.http.patch<ProjectDetail>(`/api/projects/${id(projectId)}`, request);
  }

  /** Moves the project to one of its `allowedTransitions`; answers the project as it is afterwards. */
  transition(projectId: string, request: ProjectTransitionRequest): Observable<ProjectDetail> {
    return this.http.post<ProjectDetail>(`/api/projects/${id(projectId)}/transitions`, request);
  }

  history(projectId: string, page: number, pageSize: number): Observable<Page<HistoryEntry>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<HistoryEntry>>(`/api/projects/${id(projectId)}/history`, { params });
  }

  comments(projectId: string, page: number, pageSize: number): Observable<Page<CommentResponse>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<CommentResponse>>(`/api/projects/${id(projectId)}/comments`, { params });
  }

  addComment(projectId: string, request: CreateCommentRequest): Observable<CommentResponse> {
    return this.http.post<CommentResponse>(`/api/projects/${id(projectId)}/comments`, request);
  }

  /** Its author edits a comment's text, from the version read. */
  updateComment(
    projectId: string,
    commentId: string,
    request: UpdateCommentRequest,
  ): Observable<CommentResponse> {
    return this.http.patch<CommentResponse>(
      `/api/projects/${id(projectId)}/comments/${id(commentId)}`,
      request,
    );
  }

  /** Its author deletes a comment, from the version read (sent in `If-Match`). */
  deleteComment(projectId: string, commentId: string, version: number): Observable<void> {
    return this.http.delete<void>(`/api/projects/${id(projectId)}/comments/${id(commentId)}`, {
      headers: { 'If-Match': `"${version}"` },
    });
  }

  /**
   * Declares a milestone as `multipart/form-data`: `version`, `comment`, `indicatorValues` (JSON text) and one
   * `files` part per evidence file (the browser sets the boundary).
   */
  declareMilestone(milestoneId: string, declaration: MilestoneDeclaration): Observable<MilestoneResponse> {
    const body = new FormData();
    body.append('version', String(declaration.version));
    body.append('comment', declaration.comment);
    if (Object.keys(declaration.indicatorValues).length > 0) {
      body.append('indicatorValues', JSON.stringify(declaration.indicatorValues));
    }
    for (const file of declaration.files) body.append('files', file, file.name);
    return this.http.post<MilestoneResponse>(`/api/milestones/${id(milestoneId)}/declaration`, body);
  }

  validateMilestone(milestoneId: string, request: MilestoneValidationRequest): Observable<MilestoneResponse> {
    return this.http.post<MilestoneResponse>(`/api/milestones/${id(milestoneId)}/validation`, request);
  }

  rejectMilestone(milestoneId: string, request: MilestoneRejectionRequest): Observable<MilestoneResponse> {
    return this.http.post<MilestoneResponse>(`/api/milestones/${id(milestoneId)}/rejection`, request);
  }

  /** Declares, validates or rejects several rows of one milestone type at once (all or nothing). */
  bulkMilestones(projectId: string, request: BulkMilestoneRequest): Observable<BulkMilestoneResponse> {
    return this.http.post<BulkMilestoneResponse>(`/api/projects/${id(projectId)}/milestones/bulk`, request);
  }

  /** Address of an evidence file: a plain link downloads it (the session cookie goes with it). */
  evidenceUrl(milestoneId: string, evidenceId: string): string {
    return `/api/milestones/${id(milestoneId)}/evidence/${id(evidenceId)}`;
  }

  markPaymentPaid(paymentId: string, request: MarkPaymentPaidRequest): Observable<PaymentResponse> {
    return this.http.post<PaymentResponse>(`/api/payments/${id(paymentId)}/paid`, request);
  }

  campaigns(): Observable<CampaignResponse[]> {
    return this.http.get<CampaignResponse[]>('/api/campaigns');
  }

  /** Thresholds, milestone catalogue and usage indicators of a campaign. */
  campaignRules(year: number): Observable<CampaignRulesResponse> {
    return this.http.get<CampaignRulesResponse>(`/api/campaigns/${year}/rules`);
  }

  /** Every DUI software of the referential (a few dozen), sorted by the API. */
  duiSoftware(): Observable<Page<DuiSoftwareResponse>> {
    const params = new HttpParams().set('pageSize', MAX_PAGE_SIZE);
    return this.http.get<Page<DuiSoftwareResponse>>('/api/dui-software', { params });
  }

  /** Organismes gestionnaires of a region whose name or FINESS juridique matches `q`. */
  gestionnaires(q: string, region: string, pageSize = 10): Observable<Page<OrganismeGestionnaireResponse>> {
    const params = new HttpParams().set('q', q).set('region', region).set('pageSize', pageSize);
    return this.http.get<Page<OrganismeGestionnaireResponse>>('/api/gestionnaires', { params });
  }

  /** ESSMS of a region whose name or FINESS géographique matches `q`. */
  essms(q: string, region: string, pageSize = 20): Observable<Page<EssmsResponse>> {
    const params = new HttpParams().set('q', q).set('region', region).set('pageSize', pageSize);
    return this.http.get<Page<EssmsResponse>>('/api/essms', { params });
  }
}
