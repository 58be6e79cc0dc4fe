export * from './helperFunctionRole';
export * from './pipelineFunction';
export * from './sdkCallResource';
