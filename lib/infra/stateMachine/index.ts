export * from './acknowledgeTaskWildcards';
export * from './catchTableFailure';
export * from './failWhenTablesFailed';
export * from './PipelineBaseProps';
export * from './pipelineConfig';
export * from './pipelineStateMachine';
export * from './runStartStates';
export * from './transientRetry';
