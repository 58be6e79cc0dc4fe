export { type EventEnvelope, eventEnvelopeSchema } from './eventEnvelope';
export { partitionKeyOf } from './partitionKeyOf';
