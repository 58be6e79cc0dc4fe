/**
 * The integ check's CDK app: a small lake on a real account, its pipelines run and its results
 * asserted (see buildIntegLake); with context `benchRows` also the extract bench (IntegBenchStack).
 * Deployed and destroyed by `npm run integ` (test/integ/runInteg.ts);
 * `npm run integ:synth` synthesizes it offline. Not a jest suite: it deploys.
 */
import { App } from 'aws-cdk-lib';
import { resolveEnvironment } from '../../lib/infra/app/resolveEnvironment';
import { buildIntegLake } from './buildIntegLake';
import { BENCH_ROWS_CONTEXT, benchRows } from './checks/integRun';

const app = new App();
const env = resolveEnvironment({
  context: { account: app.node.tryGetContext('account'), region: app.node.tryGetContext('region') },
  env: process.env,
});
const bench = benchRows(app.node.tryGetContext(BENCH_ROWS_CONTEXT), `context ${BENCH_ROWS_CONTEXT}`);
buildIntegLake(app, env, bench === undefined ? {} : { benchRows: bench });
app.synth();
