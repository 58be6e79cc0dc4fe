export { compareSequenceNumbers } from './compareSequenceNumbers';
export { type RelayFailureRange, relayFailureRange } from './relayFailureRange';
