import { assertionCount, failedAssertions } from './failedAssertions';
import {
  benchFunctionName,
  benchRows,
  INTEG_APP,
  integBenchRows,
  integCdkArgs,
  integVerdict,
} from './integRun';

const SUCCESS = '{"status":"success"}';

describe('failedAssertions', () => {
  it('reports each assertion output whose status is fail, with its message', () => {
    // Arrange: the shape of `cdk deploy --outputs-file`
    const outputs = {
      'dlinteg-foundation': { WorkGroupName: 'dlinteg-checks' },
      DataLakeCheckDefaultTestDeployAssert: {
        AssertionResultsLambdaInvoke0a1b: SUCCESS,
        AssertionResultsLambdaInvoke2c3d:
          '{"status":"fail","message":"Expected 400 but received 0 at /Payload/counts/users"}',
      },
    };

    // Act
    const failed = failedAssertions(outputs);

    // Assert
    expect(failed).toEqual([
      {
        stack: 'DataLakeCheckDefaultTestDeployAssert',
        output: 'AssertionResultsLambdaInvoke2c3d',
        message: 'Expected 400 but received 0 at /Payload/counts/users',
      },
    ]);
    expect(assertionCount(outputs)).toBe(2);
  });

  it('refuses an assertion output that is not an assertion result', () => {
    // Act / Assert
    expect(() => failedAssertions({ S: { AssertionResultsX: '{"ok":true}' } })).toThrow(
      /Output S.AssertionResultsX is not an assertion result/,
    );
  });
});

describe('integVerdict', () => {
  const passing = {
    Assert: Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`AssertionResults${n}`, SUCCESS])),
  };

  it('passes when the deployment succeeded and every expected assertion reported success', () => {
    expect(integVerdict(0, passing, 6)).toEqual({ passed: true, lines: ['6 assertions passed'] });
  });

  it('fails on a failed deployment: a wait that timed out fails it', () => {
    expect(integVerdict(1, passing, 6).passed).toBe(false);
    expect(integVerdict(0, undefined, 6).passed).toBe(false);
  });

  it('fails when fewer assertions reported than the check registers', () => {
    expect(integVerdict(0, { Assert: { AssertionResults1: SUCCESS } }, 6)).toEqual({
      passed: false,
      lines: ['only 1 of 6 assertions reported a result'],
    });
  });

  it('fails on a failed assertion even when the deployment succeeded', () => {
    const outputs = { Assert: { ...passing.Assert, AssertionResults6: '{"status":"fail","message":"m"}' } };
    expect(integVerdict(0, outputs, 6)).toEqual({
      passed: false,
      lines: ['FAILED Assert.AssertionResults6: m'],
    });
  });
});

describe('integCdkArgs', () => {
  it('deploys every stack without prompts, in parallel where dependencies allow, writing the outputs', () => {
    expect(integCdkArgs('deploy', '/tmp/o.json')).toEqual([
      'cdk',
      'deploy',
      '--app',
      INTEG_APP,
      '--output',
      'test/integ/cdk.out',
      '--all',
      '--require-approval',
      'never',
      '--concurrency',
      '4',
      '--outputs-file',
      '/tmp/o.json',
    ]);
  });

  it('destroys every stack without asking', () => {
    expect(integCdkArgs('destroy')).toEqual([
      'cdk',
      'destroy',
      '--app',
      INTEG_APP,
      '--output',
      'test/integ/cdk.out',
      '--all',
      '--force',
    ]);
  });
});

describe('the extract bench option (npm run integ -- --bench[=<rows>])', () => {
  it('benches 1,000,000 rows with a bare --bench, the rows given with --bench=<rows>, nothing without', () => {
    expect(integBenchRows(['--bench'])).toBe(1_000_000);
    expect(integBenchRows(['--keep', '--bench=200000'])).toBe(200_000);
    expect(integBenchRows(['--keep'])).toBeUndefined();
  });

  it('refuses a row count that is not a whole number from 1,000 (one chunk) to 10,000,000, naming it', () => {
    expect(() => integBenchRows(['--bench=1e6'])).toThrow(
      '--bench: got "1e6"; allowed: a whole number of rows from 1000 to 10000000',
    );
    expect(() => integBenchRows(['--bench=999'])).toThrow(/got "999"/);
    expect(() => benchRows('10000001', 'context benchRows')).toThrow(/^context benchRows: got "10000001"/);
    expect(benchRows(undefined, 'context benchRows')).toBeUndefined();
  });

  it('deploys and destroys with the bench’s rows in the app’s context, so destroy removes the bench stack too', () => {
    expect(integCdkArgs('deploy', '/tmp/o.json', 5000)).toEqual(
      expect.arrayContaining(['--all', '--context', 'benchRows=5000', '--outputs-file', '/tmp/o.json']),
    );
    expect(integCdkArgs('destroy', undefined, 5000)).toEqual([
      'cdk',
      'destroy',
      '--app',
      INTEG_APP,
      '--output',
      'test/integ/cdk.out',
      '--all',
      '--context',
      'benchRows=5000',
      '--force',
    ]);
  });

  it('finds the bench function in the deployment’s outputs, and says so when it is missing', () => {
    const outputs = { 'dlinteg-bench': { ExtractBenchFunctionName: 'dlinteg-bench-ExtractBench-1' } };
    expect(benchFunctionName(outputs, 'dlinteg-bench', 'ExtractBenchFunctionName')).toBe(
      'dlinteg-bench-ExtractBench-1',
    );
    expect(() => benchFunctionName({}, 'dlinteg-bench', 'ExtractBenchFunctionName')).toThrow(
      'The deployment reported no output dlinteg-bench.ExtractBenchFunctionName: was the bench stack deployed?',
    );
  });
});
