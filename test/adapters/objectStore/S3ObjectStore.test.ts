import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAll, S3ObjectStore } from '../../../lib/adapters/objectStore';
import { describeObjectStoreContract } from '../../contracts/objectStoreContract';
import { type Fauxqs, startFauxqs } from '../../helpers/startFauxqs';

describe('S3ObjectStore on fauxqs', () => {
  let fauxqs: Fauxqs;
  let bucketCount = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
  });

  afterAll(async () => {
    await fauxqs.stop();
  });

  describeObjectStoreContract(
    'S3ObjectStore on fauxqs',
    async () => {
      bucketCount += 1;
      const buckets = [`raw-${bucketCount}`, `curated-${bucketCount}`] as const;
      await Promise.all(buckets.map((bucket) => fauxqs.createBucket(bucket)));
      return { store: new S3ObjectStore({ client: fauxqs.s3 }), buckets };
    },
    {
      // fauxqs 1.9.2 sorts a listing with localeCompare ('a' before 'B'); S3 lists in UTF-8
      // binary order. S3ObjectStore yields keys in the order S3 sends them.
      utf8KeyOrder: 'fauxqs sorts keys with localeCompare, not by UTF-8 bytes as S3 does',
    },
  );

  it('follows continuation tokens across pages', async () => {
    // Arrange
    await fauxqs.createBucket('paged');
    const store = new S3ObjectStore({ client: fauxqs.s3, pageSize: 2 });
    const file = join(tmpdir(), 'paged-object');
    writeFileSync(file, 'x');
    const keys = ['k/1', 'k/2', 'k/3', 'k/4', 'k/5'];
    for (const key of keys) await store.uploadFile('paged', key, file);

    // Act
    const listed = await listAll(store, 'paged', 'k/');

    // Assert
    expect(listed.map(({ key }) => key)).toEqual(keys);
  });
});
