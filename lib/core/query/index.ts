export { countSqlStatements } from './countSqlStatements';
