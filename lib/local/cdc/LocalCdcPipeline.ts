import type { CfnElement } from 'aws-cdk-lib';
import type { CdcApplyPipeline } from '../../infra/cdc/CdcApplyPipeline';

/** A source's cdc apply pipeline built in-process for a local run (see `localSourceStack`). */
export interface LocalCdcPipeline {
  readonly pipeline: CdcApplyPipeline;
  /** The source's Glue database name: the local catalog schema the commit step writes to. */
  readonly database: string;
  /** `Ref` of the raw and curated buckets and the database → their local names, for `runStateMachine`. */
  readonly refs: ReadonlyMap<CfnElement, string>;
}
