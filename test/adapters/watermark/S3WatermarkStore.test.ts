import { S3WatermarkStore } from '../../../lib/adapters/watermark';
import { describeWatermarkStoreContract } from '../../contracts/watermarkStoreContract';
import { type Fauxqs, startFauxqs } from '../../helpers/startFauxqs';

describe('S3WatermarkStore on fauxqs', () => {
  let fauxqs: Fauxqs;
  let bucketCount = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
  });

  afterAll(async () => {
    await fauxqs.stop();
  });

  describeWatermarkStoreContract(
    'S3WatermarkStore on fauxqs (conditional writes as S3 answers them)',
    async () => {
      bucketCount += 1;
      const bucket = `curated-${bucketCount}`;
      await fauxqs.createBucket(bucket);
      return [
        new S3WatermarkStore({ client: fauxqs.s3, bucket }),
        new S3WatermarkStore({ client: fauxqs.s3, bucket }),
      ];
    },
  );
});
