export { durationSeconds } from './durationSeconds';
export {
  DEFAULT_FRESHNESS_SLO_SECONDS,
  type FreshnessSloInputs,
  freshnessSloSeconds,
} from './freshnessSloSeconds';
