export { type ExecutionFailure, type PipelineExecution, PipelineExecutions } from './PipelineExecutions';
