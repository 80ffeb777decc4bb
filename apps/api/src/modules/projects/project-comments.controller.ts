import type { CommentResponse } from '@esms/api-contract';
import { Body, Controller, Delete, Headers, HttpCode, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated } from '../../common/auth/policy';
import { DeleteCommentDto, UpdateCommentDto } from './dto/comment.dto';
import { ProjectCommentsService } from './project-comments.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Version lue du commentaire (à défaut du champ « version » du corps).' };

/**
 * A comment's author edits or deletes it (the listing and publication are in ProjectsController). Any signed-in user
 * reaches the route; the service answers 404 outside their regions (or for a CNSA-internal comment they cannot
 * see), 403 when they are not its author, 409 on a stale version.
 */
@ApiTags('Projets')
@Controller('projects')
export class ProjectCommentsController {
  constructor(private readonly comments: ProjectCommentsService) {}

  @Patch(':id/comments/:commentId')
  @Authenticated()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Modifie le texte d’un commentaire (son auteur seulement) ; la visibilité ne change pas, la modification est historisée.' })
  @ApiOkResponse({ description: 'Commentaire modifié (« modifié le … »).' })
  @ApiBadRequestResponse({ description: 'Texte vide ou trop long, version absente.' })
  @ApiForbiddenResponse({ description: "Vous n'êtes pas l'auteur du commentaire (ou vous êtes auditeur)." })
  @ApiNotFoundResponse({ description: 'Projet ou commentaire introuvable (ou hors de vos régions).' })
  @ApiConflictResponse({ description: 'Version périmée (commentaire courant dans details.current).' })
  updateComment(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Param('commentId') commentId: string,
    @Body() body: UpdateCommentDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<CommentResponse> {
    return this.comments.update(user, id, commentId, body, ifMatch);
  }

  @Delete(':id/comments/:commentId')
  @Authenticated()
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Supprime un commentaire (son auteur seulement) ; son texte reste au journal d’audit.' })
  @ApiNoContentResponse({ description: 'Commentaire supprimé.' })
  @ApiForbiddenResponse({ description: "Vous n'êtes pas l'auteur du commentaire (ou vous êtes auditeur)." })
  @ApiNotFoundResponse({ description: 'Projet ou commentaire introuvable (ou hors de vos régions).' })
  @ApiConflictResponse({ description: 'Version périmée (commentaire courant dans details.current).' })
  async deleteComment(
    @User() user: CurrentUser,
    @Param('id') id: string,
    @Param('commentId') commentId: string,
    @Body() body: DeleteCommentDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.comments.remove(user, id, commentId, body, ifMatch);
  }
}
