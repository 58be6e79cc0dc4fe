export * from './pipelineFunction';
export * from './pipelineLogKey';
