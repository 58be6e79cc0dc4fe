export { type MetricsPublisher, NO_METRICS } from './MetricsPublisher';
export { PowertoolsMetricsPublisher } from './PowertoolsMetricsPublisher';
