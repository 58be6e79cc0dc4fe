import { exportOnlyList } from '../../../lib/core/export';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';

describe('exportOnlyList', () => {
  it('lists MySQL snapshot-export tables as database.table', () => {
    // Arrange
    const [source] = parsedConfig({
      sources: [
        validSource({
          includeTables: 'listed',
          tables: [validTable({ name: 'users' }), validTable({ name: 'items', mode: 'replica-query' })],
        }),
      ],
    }).sources;

    // Act
    const list = source ? exportOnlyList(source) : [];

    // Assert
    expect(list).toEqual(['service.users']);
  });

  it('lists PostgreSQL tables as database.schema.table', () => {
    // Arrange
    const [source] = parsedConfig({
      sources: [
        validSource({
          engine: 'postgres',
          database: 'payments',
          includeTables: 'listed',
          tables: [validTable({ name: 'refunds' }), validTable({ name: 'ledger', schema: 'finance' })],
        }),
      ],
    }).sources;

    // Act
    const list = source ? exportOnlyList(source) : [];

    // Assert
    expect(list).toEqual(['payments.public.refunds', 'payments.finance.ledger']);
  });

  it('never names the whole database: with includeTables all only the listed tables are known at synth', () => {
    // Arrange
    const [source] = parsedConfig({ sources: [validSource({ includeTables: 'all' })] }).sources;

    // Act
    const list = source ? exportOnlyList(source) : [];

    // Assert
    expect(list).toEqual(['service.users']);
  });
});
