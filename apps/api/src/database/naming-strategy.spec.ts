import {
  Column,
  DataSource,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { CampaignEntity } from '../modules/campaigns/campaign.entity';
import { GradesEntity } from '../modules/organisations/grades.entity';
import { RegionEntity } from '../modules/organisations/region.entity';
import { SnakeNamingStrategy } from './naming-strategy';

const strategy = new SnakeNamingStrategy();

describe('SnakeNamingStrategy', () => {
  it.each`
    className                 | table
    ${'RegionEntity'}         | ${'region'}
    ${'EssmsCategoryEntity'}  | ${'essms_category'}
    ${'ESSMSCategoryEntity'}  | ${'essms_category'}
    ${'OidcLoginStateEntity'} | ${'oidc_login_state'}
    ${'Campaign'}             | ${'campaign'}
    ${'EntityRegistryEntity'} | ${'entity_registry'}
  `('table of $className → $table', ({ className, table }: { className: string; table: string }) => {
    expect(strategy.tableName(className, undefined)).toBe(table);
  });

  it('keeps a table name given on the entity', () => {
    expect(strategy.tableName('UserEntity', 'app_user')).toBe('app_user');
  });

  it.each`
    property                  | prefixes                   | column
    ${'code'}                 | ${[]}                      | ${'code'}
    ${'arsName'}              | ${[]}                      | ${'ars_name'}
    ${'tranche1Percent'}      | ${[]}                      | ${'tranche1_percent'}
    ${'minEssmsMetropole'}    | ${[]}                      | ${'min_essms_metropole'}
    ${'nationalCallMinEssms'} | ${[]}                      | ${'national_call_min_essms'}
    ${'finessEJ'}             | ${[]}                      | ${'finess_ej'}
    ${'userID'}               | ${[]}                      | ${'user_id'}
    ${'createdAt'}            | ${[]}                      | ${'created_at'}
    ${'amountCents'}          | ${['budget']}              | ${'budget_amount_cents'}
    ${'postalCode'}           | ${['postalAddress']}       | ${'postal_address_postal_code'}
    ${'tranche1Cents'}        | ${['budget', 'breakdown']} | ${'budget_breakdown_tranche1_cents'}
  `(
    'column of $property with prefixes $prefixes → $column',
    ({ property, prefixes, column }: { property: string; prefixes: string[]; column: string }) => {
      expect(strategy.columnName(property, undefined, prefixes)).toBe(column);
    },
  );

  it.each`
    property      | customName       | prefixes      | column
    ${'region'}   | ${'region_code'} | ${[]}         | ${'region_code'}
    ${'legacyId'} | ${'ancien_id'}   | ${['import']} | ${'import_ancien_id'}
  `(
    'a column name given on the entity wins: $column',
    ({
      property,
      customName,
      prefixes,
      column,
    }: {
      property: string;
      customName: string;
      prefixes: string[];
      column: string;
    }) => {
      expect(strategy.columnName(property, customName, prefixes)).toBe(column);
    },
  );

  it.each`
    relation        | referenced  | column
    ${'region'}     | ${'code'}   | ${'region_code'}
    ${'leadRegion'} | ${'code'}   | ${'lead_region_code'}
    ${'grades'}     | ${'id'}     | ${'grades_id'}
    ${'createdBy'}  | ${'userId'} | ${'created_by_user_id'}
  `(
    'join column of $relation → $referenced = $column',
    ({ relation, referenced, column }: { relation: string; referenced: string; column: string }) => {
      expect(strategy.joinColumnName(relation, referenced)).toBe(column);
    },
  );

  it('names join tables and their columns in snake_case', () => {
    expect(strategy.joinTableName('region', 'grades')).toBe('region_grades');
    expect(strategy.joinTableName('essms_category', 'campaign')).toBe('essms_category_campaign');
    expect(strategy.joinTableColumnName('region', 'code')).toBe('region_code');
    expect(strategy.joinTableColumnName('essms_category', 'categoryCode', 'code')).toBe(
      'essms_category_code',
    );
    expect(strategy.joinTableColumnName('grades', 'gradesId')).toBe('grades_grades_id');
    expect(strategy.relationName('leadRegion')).toBe('lead_region');
  });
});

/* Entities of this spec only, to see the strategy through TypeORM's own metadata builder. */
class BreakdownEmbed {
  @Column({ type: 'bigint' }) tranche1Cents: string;
}

class BudgetEmbed {
  @Column({ type: 'bigint' }) amountCents: string;
  @Column(() => BreakdownEmbed) breakdown: BreakdownEmbed;
}

class AuditEmbed {
  @Column({ type: 'text' }) createdBy: string;
}

class AddressEmbed {
  @Column({ type: 'varchar', length: 5 }) postalCode: string;
}

@Entity()
class SpecProjectEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) displayName: string;
  @Column(() => BudgetEmbed) budget: BudgetEmbed;
  @Column(() => AddressEmbed, { prefix: 'site' }) address: AddressEmbed;
  @Column(() => AuditEmbed, { prefix: false }) audit: AuditEmbed;
  @ManyToOne(() => RegionEntity) @JoinColumn() leadRegion: RegionEntity;
  @ManyToMany(() => GradesEntity) @JoinTable() partnerGrades: GradesEntity[];
}

describe('SnakeNamingStrategy through TypeORM metadata', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // No connection is opened: only the entity metadata is built.
    dataSource = new DataSource({
      type: 'postgres',
      namingStrategy: new SnakeNamingStrategy(),
      entities: [RegionEntity, GradesEntity, CampaignEntity, SpecProjectEntity],
    });
    await dataSource['buildMetadatas']();
  });

  function columns(entity: new () => object): string[] {
    return dataSource.getMetadata(entity).columns.map((column) => column.databaseName);
  }

  it('gives the columns of the reference tables the names the migrations create', () => {
    expect(dataSource.getMetadata(RegionEntity).tableName).toBe('region');
    expect(columns(RegionEntity)).toEqual([
      'code',
      'name',
      'ars_name',
      'territory',
      'created_at',
      'updated_at',
    ]);
    expect(columns(CampaignEntity)).toEqual([
      'year',
      'label',
      'phase',
      'instruction_reference',
      'instruction_date',
      'amended_by',
      'min_essms_metropole',
      'min_essms_reduced',
      'national_call_min_essms',
      'regional_call_max_essms',
      'min_organisations',
      'tranche1_percent',
      'usage_deadline',
      'version',
      'created_at',
      'updated_at',
    ]);
    expect(columns(GradesEntity)).toContain('legal_form');
  });

  it('names an entity without a table name after its class, embedded columns after their prefixes, relations after their property', () => {
    const metadata = dataSource.getMetadata(SpecProjectEntity);
    expect(metadata.tableName).toBe('spec_project');
    expect(columns(SpecProjectEntity).sort()).toEqual(
      [
        'id',
        'display_name',
        'budget_amount_cents',
        'budget_breakdown_tranche1_cents',
        'site_postal_code',
        'created_by',
        'lead_region_code',
      ].sort(),
    );
    const junction = metadata.manyToManyRelations[0]?.junctionEntityMetadata;
    expect(junction?.tableName).toBe('spec_project_grades');
    expect(junction?.columns.map((column) => column.databaseName)).toEqual(['spec_project_id', 'grades_id']);
  });
});
