import type * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { replicaMapResultsPrefix } from '../../core/orchestration/replicaRunKeys';

/**
 * A ResultWriter that adds no policy of its own: aws-cdk-lib's grants `s3:PutObject` and
 * `s3:GetObject` on every object of the bucket (`*` with a bucket path), while
 * `grantReplicaRuns` grants the source's run folder only.
 */
class ScopedResultWriter extends sfn.ResultWriterV2 {
  public override providePolicyStatements(): iam.PolicyStatement[] {
    return [];
  }
}

/**
 * Where a replica Distributed Map writes its children's outputs: under the source's run folder
 * of the bucket at `$.plan.bucket`, as JSON Lines of the outputs alone (COMPACT). With a
 * ResultWriter the Map's own result is the Map Run's ARN and the results' location, so it does
 * not grow with the chunks ("ResultWriter (Map)": exporting helps when the output would exceed
 * 256 KiB, https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html).
 *
 * @example
 * ```ts
 * new sfn.DistributedMap(scope, 'small: chunks', { resultWriterV2: replicaResultWriter('service'), … });
 * ```
 */
export function replicaResultWriter(source: string): sfn.ResultWriterV2 {
  return new ScopedResultWriter({
    bucketNamePath: sfn.JsonPath.stringAt('$.plan.bucket'),
    prefix: replicaMapResultsPrefix(source),
    writerConfig: new sfn.WriterConfig({
      outputType: sfn.OutputType.JSONL,
      transformation: sfn.Transformation.COMPACT,
    }),
  });
}
