import { ConfigError } from '../../lib/core/errors';
import { sourceUrlFor } from '../../lib/local/sourceUrl';

const SHOP = { name: 'shop', engine: 'mysql', database: 'marketplace' } as const;

describe('sourceUrlFor', () => {
  it('refuses a URL naming another database than the config’s, naming both', () => {
    // Act
    const parse = () => sourceUrlFor('mysql://reader:pw@127.0.0.1:3307/nosuchdb', SHOP);

    // Assert
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      '--source: names database "nosuchdb", but source "shop" reads database "marketplace" (its database: in the config); allowed: a URL ending in /marketplace, or no database in the URL',
    );
  });

  it('puts the config’s database into a URL that names none, keeping credentials and parameters', () => {
    // Act
    const url = sourceUrlFor('postgres://reader:p%40ss@127.0.0.1:5433?sslmode=disable', {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
    });

    // Assert
    expect(url).toEqual({
      url: 'postgres://reader:p%40ss@127.0.0.1:5433/payments?sslmode=disable',
      engine: 'postgres',
      host: '127.0.0.1',
      port: 5433,
      database: 'payments',
    });
  });

  it('accepts the config’s own database in the URL', () => {
    // Act / Assert
    expect(sourceUrlFor('mariadb://root@db/marketplace', SHOP)).toMatchObject({
      url: 'mariadb://root@db/marketplace',
      port: 3306,
      database: 'marketplace',
    });
  });

  it('refuses a URL of the other engine, naming both', () => {
    // Act / Assert
    expect(() => sourceUrlFor('postgres://db/marketplace', SHOP)).toThrow(
      '--source: is a postgres URL, but source "shop" is mysql',
    );
  });
});
