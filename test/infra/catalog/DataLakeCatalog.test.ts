import { Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataLakeCatalog, type DataLakeCatalogProps } from '../../../lib/infra/catalog/DataLakeCatalog';
import { testStack } from '../../helpers/testApp';

function build(props: DataLakeCatalogProps): { catalog: DataLakeCatalog; template: Template } {
  const stack = testStack();
  const catalog = new DataLakeCatalog(stack, 'Catalog', props);
  return { catalog, template: Template.fromStack(stack) };
}

function errorOf(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('DataLakeCatalog', () => {
  it('creates one Glue database per entry, with the given name, description and location', () => {
    // Act
    const { template } = build({
      databases: [
        {
          databaseName: 'marketplace_service',
          description: 'Curated service tables',
          locationUri: 's3://b/curated/',
        },
        { databaseName: 'marketplace_events' },
      ],
    });

    // Assert
    template.resourceCountIs('AWS::Glue::Database', 2);
    template.hasResourceProperties('AWS::Glue::Database', {
      CatalogId: '123456789012',
      DatabaseInput: {
        Name: 'marketplace_service',
        Description: 'Curated service tables',
        LocationUri: 's3://b/curated/',
      },
    });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'marketplace_events' } });
  });

  it('retains the databases by default', () => {
    // Act
    const { template } = build({ databases: [{ databaseName: 'sales' }] });

    // Assert
    template.hasResource('AWS::Glue::Database', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('deletes the databases when the removal policy is DESTROY', () => {
    // Act
    const { template } = build({
      databases: [{ databaseName: 'sales' }],
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Assert
    template.hasResource('AWS::Glue::Database', { DeletionPolicy: 'Delete' });
  });

  it('uses the given construct id, so a database keeps its logical id when renamed', () => {
    // Act
    const { catalog } = build({ databases: [{ id: 'Service', databaseName: 'sales' }] });

    // Assert
    expect(catalog.database('sales').node.id).toBe('Service');
  });

  it('exposes the databases by name', () => {
    // Arrange
    const { catalog } = build({ databases: [{ databaseName: 'sales' }, { databaseName: 'events' }] });

    // Act
    const names = [...catalog.databases.keys()];

    // Assert
    expect(names).toEqual(['sales', 'events']);
    expect(catalog.database('events')).toBe(catalog.databases.get('events'));
  });

  it('names the known databases when asked for an unknown one', () => {
    // Arrange
    const { catalog } = build({ databases: [{ databaseName: 'sales' }, { databaseName: 'events' }] });

    // Act
    const act = () => catalog.database('orders');

    // Assert
    expect(act).toThrow("Test/Catalog has no database 'orders'; it has: sales, events");
  });

  it('refuses invalid database names, naming each prop and value', () => {
    // Act
    const error = errorOf(() =>
      build({ databases: [{ databaseName: 'ok_name' }, { databaseName: 'Sales-DB' }, { databaseName: '' }] }),
    );

    // Assert
    expect(error.name).toBe('InvalidPropsError');
    expect(error.message).toMatch(/databases\[1\]\.databaseName: got 'Sales-DB'; allowed: .*lower case/);
    expect(error.message).toMatch(/databases\[2\]\.databaseName: got ''; allowed/);
    expect(error.message).not.toMatch(/databases\[0\]/);
  });

  it('refuses a name longer than 255 characters', () => {
    // Act
    const act = () => build({ databases: [{ databaseName: 'a'.repeat(256) }] });

    // Assert
    expect(act).toThrow(/databases\[0\]\.databaseName: got 'a{256}'/);
  });

  it('refuses a database name given twice', () => {
    // Act
    const act = () => build({ databases: [{ databaseName: 'sales' }, { databaseName: 'sales' }] });

    // Assert
    expect(act).toThrow(/databases\[1\]\.databaseName: got 'sales' a second time/);
  });

  it('refuses a construct id given twice', () => {
    // Act
    const act = () =>
      build({ databases: [{ databaseName: 'sales' }, { id: 'sales', databaseName: 'orders' }] });

    // Assert
    expect(act).toThrow(/databases\[1\]\.id: got 'sales', already the id of another database/);
  });

  it('accepts a token name, which only deploy time can check', () => {
    // Arrange
    const name = Lazy.string({ produce: () => 'from_a_parameter' });

    // Act
    const { template } = build({ databases: [{ id: 'Param', databaseName: name }] });

    // Assert
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'from_a_parameter' } });
  });
});
