import type { CommentResponse, HistoryEntry, Page, ProjectDetail, ProjectSummary } from '@esms/api-contract';
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Roles } from '../../common/auth/policy';
import { PageQueryDto } from '../../common/http/page-query.dto';
import {
  CommentsQueryDto,
  CreateCommentDto,
  CreateProjectDto,
  ListProjectsQueryDto,
  ProjectTransitionDto,
  UpdateProjectDto,
} from './dto/project.dto';
import { ProjectCommentsService } from './project-comments.service';
import { ProjectTransitionsService } from './project-transitions.service';
import { ProjectsService } from './projects.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Version lue du projet (à défaut du champ « version » du corps).' };

@ApiTags('Projets')
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly transitions: ProjectTransitionsService,
    private readonly comments: ProjectCommentsService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Projets (grappes) visibles : filtres campagne, région, statut, type d’appel, recherche, jalons en retard ; tri et pagination.' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize } ; une ARS ou un GRADeS ne voit que ses régions.' })
  list(@User() user: CurrentUser, @Query() query: ListProjectsQueryDto): Promise<Page<ProjectSummary>> {
    return this.projects.list(user, query);
  }

  @Post()
  @Roles('ARS_OFFICER', 'CNSA_ADMIN')
  @ApiOperation({ summary: 'Dépose un projet : membres vérifiés, type d’appel et montant calculés, jalons planifiés (« Dossier déposé »).' })
  @ApiCreatedResponse({ description: 'Projet créé avec son code (AAAA-RR-NNNN).' })
  @ApiBadRequestResponse({ description: 'Champ invalide, grappe sous le seuil, ESSMS hors de la région…' })
  @ApiConflictResponse({ description: 'Un ESSMS est déjà dans un projet vivant de la campagne.' })
  create(@User() user: CurrentUser, @Body() body: CreateProjectDto): Promise<ProjectDetail> {
    return this.projects.create(user, body);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Un projet : membres, logiciel, enveloppe, jalons, versements et étapes possibles pour vous.' })
  @ApiNotFoundResponse({ description: 'Projet introuvable (ou hors de vos régions).' })
  get(@User() user: CurrentUser, @Param('id') id: string): Promise<ProjectDetail> {
    return this.projects.detail(user, id);
  }

  @Patch(':id')
  @Authenticated()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Modifie un projet (nom, logiciel, membres, montants) sous verrou optimiste ; montants seulement avant la convention.' })
  @ApiForbiddenResponse({ description: "Réservé à l'ARS de la région et à l'administration CNSA." })
  @ApiConflictResponse({ description: 'Version périmée (état courant dans details.current) ou projet non modifiable.' })
  update(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: UpdateProjectDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProjectDetail> {
    return this.projects.update(user, id, body, ifMatch);
  }

  @Post(':id/transitions')
  @Authenticated()
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Fait passer le projet à l’étape suivante (retenu, convention signée…) avec ses effets sur l’enveloppe et les versements.' })
  @ApiForbiddenResponse({ description: 'Étape réservée à un autre rôle.' })
  @ApiConflictResponse({ description: 'Étape interdite depuis le statut actuel, enveloppe insuffisante ou version périmée.' })
  transition(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Body() body: ProjectTransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProjectDetail> {
    return this.transitions.transition(user, id, body, ifMatch);
  }

  @Get(':id/history')
  @Authenticated()
  @ApiOperation({ summary: 'Historique du projet, de ses membres, jalons et versements (du plus récent au plus ancien), champ par champ.' })
  history(@User() user: CurrentUser, @Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<HistoryEntry>> {
    return this.comments.history(user, id, query);
  }

  @Get(':id/comments')
  @Authenticated()
  @ApiOperation({ summary: 'Commentaires du projet (les commentaires internes à la CNSA ne sont montrés qu’à la CNSA).' })
  listComments(@User() user: CurrentUser, @Param('id') id: string, @Query() query: CommentsQueryDto): Promise<Page<CommentResponse>> {
    return this.comments.list(user, id, query);
  }

  @Post(':id/comments')
  @Authenticated()
  @ApiOperation({ summary: 'Commente le projet ou l’un de ses jalons (tous ceux qui voient le projet, sauf l’auditeur).' })
  @ApiCreatedResponse({ description: 'Commentaire publié.' })
  createComment(@User() user: CurrentUser, @Param('id') id: string, @Body() body: CreateCommentDto): Promise<CommentResponse> {
    return this.comments.create(user, id, body);
  }
}
