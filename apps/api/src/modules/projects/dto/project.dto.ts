import type {
  CreateCommentRequest,
  CreateProjectRequest,
  ProjectMemberInput,
  ProjectTransitionRequest,
  UpdateProjectRequest,
} from '@esms/api-contract';
import { PROJECT_SORT_KEYS } from '@esms/api-contract';
import { PROJECT_STATUSES, type ProjectStatus, type SoftwareSituation } from '@esms/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';

// class-validator reports a property's constraints bottom-up and the API shows the first: the type check goes last.

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const SITUATIONS: readonly SoftwareSituation[] = ['acquisition', 'mise_en_conformite'];
const MAX_CENTS = Number.MAX_SAFE_INTEGER;
export const MAX_MEMBERS = 2000;

export class ListProjectsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2024, description: 'Année de campagne.' })
  @IsOptional()
  @Type(() => Number)
  @Max(2100, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @Min(2021, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @IsInt({ message: "L'année de campagne doit être un nombre entier (par exemple 2024)." })
  campaign?: number;

  @ApiPropertyOptional({ example: '53', description: 'Code INSEE de la région.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  @IsString({ message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  region?: string;

  @ApiPropertyOptional({
    example: 'RETENU,CONVENTION_SIGNEE',
    description: 'Un statut ou plusieurs séparés par des virgules.',
  })
  @IsOptional()
  @MaxLength(400, { message: 'Le filtre de statut est trop long.' })
  @IsString({ message: 'Le filtre de statut doit être un texte.' })
  status?: string;

  @ApiPropertyOptional({ enum: ['regional', 'national'] })
  @IsOptional()
  @IsIn(['regional', 'national'], { message: "Le type d'appel doit valoir « regional » ou « national »." })
  callType?: 'regional' | 'national';

  @ApiPropertyOptional({ description: 'Recherche dans le code, le nom et le porteur.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  @IsString({ message: 'La recherche doit être un texte.' })
  q?: string;

  @ApiPropertyOptional({
    description: 'true : seulement les projets ayant au moins un jalon en retard ; false : aucun.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'Le filtre « late » doit valoir true ou false.' })
  late?: boolean;

  @ApiPropertyOptional({
    example: 'ELEVE,CRITIQUE',
    description: 'Un niveau de risque ou plusieurs séparés par des virgules : FAIBLE, MODERE, ELEVE, CRITIQUE.',
  })
  @IsOptional()
  @IsString({ message: 'Le filtre « riskLevel » doit être un texte.' })
  @MaxLength(100, { message: 'Le filtre « riskLevel » est trop long.' })
  riskLevel?: string;

  @ApiPropertyOptional({
    example: '-updatedAt',
    description: `Tri : ${PROJECT_SORT_KEYS.join(', ')} ; préfixe « - » pour décroissant.`,
  })
  @IsOptional()
  @MaxLength(40, { message: 'Le tri demandé est inconnu.' })
  @IsString({ message: 'Le tri demandé est inconnu.' })
  sort?: string;
}

export class ProjectMemberDto implements ProjectMemberInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: "L'ESSMS doit être désigné par son identifiant (UUID)." })
  essmsId: string;

  @ApiProperty({ enum: SITUATIONS })
  @IsIn(SITUATIONS, {
    message: 'La situation logicielle doit valoir « acquisition » ou « mise_en_conformite ».',
  })
  softwareSituation: SoftwareSituation;
}

export class CreateProjectDto implements CreateProjectRequest {
  @ApiProperty({ example: 'Grappe DUI des EHPAD du Finistère' })
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom du projet ne doit pas dépasser 300 caractères.' })
  @MinLength(3, { message: 'Le nom du projet doit compter au moins 3 caractères.' })
  @IsString({ message: 'Le nom du projet est obligatoire.' })
  name: string;

  @ApiProperty({ example: 2024 })
  @Max(2100, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @Min(2021, { message: "L'année de campagne doit être comprise entre 2021 et 2100." })
  @IsInt({ message: "L'année de campagne est obligatoire (nombre entier, par exemple 2024)." })
  campaignYear: number;

  @ApiProperty({ example: '53' })
  @Matches(/^\d{2}$/, { message: 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).' })
  @IsString({ message: 'Le code région est obligatoire (code INSEE, par exemple 53).' })
  regionCode: string;

  @ApiProperty({
    format: 'uuid',
    description: "L'organisme gestionnaire qui porte le projet et signe la convention.",
  })
  @IsUUID('all', {
    message: "L'organisme gestionnaire porteur doit être désigné par son identifiant (UUID).",
  })
  porteurOgId: string;

  @ApiPropertyOptional({ nullable: true, description: 'Le DUI commun à toute la grappe.' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Max(2147483647, { message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  @IsInt({ message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  duiSoftwareId?: number | null;

  @ApiProperty({ type: [ProjectMemberDto] })
  @ValidateNested({ each: true })
  @Type(() => ProjectMemberDto)
  @ArrayMaxSize(MAX_MEMBERS, { message: `Une grappe ne peut pas compter plus de ${MAX_MEMBERS} ESSMS.` })
  @ArrayMinSize(1, { message: 'La grappe doit compter au moins un ESSMS.' })
  @IsArray({ message: 'Les membres doivent être une liste d’ESSMS.' })
  members: ProjectMemberDto[];

  @ApiProperty({ example: 37500000, description: 'Montant demandé, en centimes.' })
  @Max(MAX_CENTS, { message: 'Le montant demandé est trop grand.' })
  @Min(0, { message: 'Le montant demandé ne peut pas être négatif.' })
  @IsInt({ message: 'Le montant demandé doit être un nombre entier de centimes.' })
  requestedCents: number;
}

export class UpdateProjectDto implements UpdateProjectRequest {
  @ApiPropertyOptional({
    description: 'Version lue (ou en-tête If-Match) : une version périmée est refusée (409).',
  })
  @IsOptional()
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @MaxLength(300, { message: 'Le nom du projet ne doit pas dépasser 300 caractères.' })
  @MinLength(3, { message: 'Le nom du projet doit compter au moins 3 caractères.' })
  @IsString({ message: 'Le nom du projet doit être un texte.' })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Max(2147483647, { message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  @Min(1, { message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  @IsInt({ message: 'Le logiciel DUI doit être désigné par son identifiant numérique.' })
  duiSoftwareId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @Max(MAX_CENTS, { message: 'Le montant demandé est trop grand.' })
  @Min(0, { message: 'Le montant demandé ne peut pas être négatif.' })
  @IsInt({ message: 'Le montant demandé doit être un nombre entier de centimes.' })
  requestedCents?: number;

  @ApiPropertyOptional({ type: [ProjectMemberDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProjectMemberDto)
  @ArrayMaxSize(MAX_MEMBERS, { message: `Une grappe ne peut pas compter plus de ${MAX_MEMBERS} ESSMS.` })
  @ArrayMinSize(1, { message: 'La grappe doit compter au moins un ESSMS.' })
  @IsArray({ message: 'Les membres doivent être une liste d’ESSMS.' })
  members?: ProjectMemberDto[];

  @ApiPropertyOptional({
    nullable: true,
    description: 'Montant accordé ; null : revenir au montant calculé.',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Max(MAX_CENTS, { message: 'Le montant accordé est trop grand.' })
  @Min(0, { message: 'Le montant accordé ne peut pas être négatif.' })
  @IsInt({ message: 'Le montant accordé doit être un nombre entier de centimes.' })
  grantedCents?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Obligatoire (10 caractères au moins) quand le montant accordé diffère du montant calculé.',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Transform(trim)
  @MaxLength(2000, { message: 'La justification ne doit pas dépasser 2 000 caractères.' })
  @IsString({ message: 'La justification doit être un texte.' })
  grantOverrideJustification?: string | null;
}

export class ProjectTransitionDto implements ProjectTransitionRequest {
  @ApiProperty({ enum: PROJECT_STATUSES })
  @IsIn(PROJECT_STATUSES, { message: `Le statut visé doit être l'un de : ${PROJECT_STATUSES.join(', ')}.` })
  to: ProjectStatus;

  @ApiPropertyOptional({ description: 'Version lue du projet (ou en-tête If-Match).' })
  @IsOptional()
  @Max(2147483647, { message: 'La version lue est invalide.' })
  @Min(1, { message: 'La version lue doit être un entier positif.' })
  @IsInt({ message: 'La version lue doit être un nombre entier.' })
  version?: number;

  @ApiPropertyOptional({
    example: '2024-06-30',
    description:
      "Date de la décision, de la signature ou de la demande de récupération (aujourd'hui par défaut).",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'La date doit être au format AAAA-MM-JJ.' })
  @IsString({ message: 'La date doit être au format AAAA-MM-JJ.' })
  decidedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @MaxLength(2000, { message: 'Le commentaire ne doit pas dépasser 2 000 caractères.' })
  @IsString({ message: 'Le commentaire doit être un texte.' })
  comment?: string;

  @ApiPropertyOptional({
    description:
      'Pour « Récupération demandée » : montant à récupérer, en centimes (au plus ce qui a été versé).',
  })
  @IsOptional()
  @Max(MAX_CENTS, { message: 'Le montant à récupérer est trop grand.' })
  @Min(1, { message: 'Le montant à récupérer doit être positif.' })
  @IsInt({ message: 'Le montant à récupérer doit être un nombre entier de centimes.' })
  recoveryAmountCents?: number;
}

export class CreateCommentDto implements CreateCommentRequest {
  @ApiProperty({ maxLength: 4000 })
  @Transform(trim)
  @MaxLength(4000, { message: 'Le commentaire ne doit pas dépasser 4 000 caractères.' })
  @MinLength(1, { message: 'Le commentaire est vide : écrivez votre message.' })
  @IsString({ message: 'Le commentaire est obligatoire.' })
  body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Le jalon du projet que le commentaire concerne.' })
  @IsOptional()
  @IsUUID('all', { message: 'Le jalon doit être désigné par son identifiant (UUID).' })
  milestoneId?: string;

  @ApiPropertyOptional({
    enum: ['TOUS', 'CNSA'],
    default: 'TOUS',
    description: 'CNSA : commentaire interne, invisible des ARS et des GRADeS.',
  })
  @IsOptional()
  @IsIn(['TOUS', 'CNSA'], { message: 'La visibilité doit valoir « TOUS » ou « CNSA ».' })
  visibility?: 'TOUS' | 'CNSA';
}

export class CommentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Seulement les commentaires d'un jalon." })
  @IsOptional()
  @IsUUID('all', { message: 'Le jalon doit être désigné par son identifiant (UUID).' })
  milestoneId?: string;
}
