export * from './DataLakeNetwork';
export * from './grantLambdaNetworkInterfaces';
