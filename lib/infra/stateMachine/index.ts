export * from './acknowledgeTaskWildcards';
export * from './catchAsTableFailure';
export * from './PipelineBaseProps';
export * from './pipelineConfig';
export * from './pipelineStateMachine';
export * from './runStartStates';
export * from './transientRetry';
