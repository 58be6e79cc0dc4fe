/**
 * Issue 16, deliverable 3 and its Done-when in local mode: `datalake local` on the demo marketplace
 * with a table that fails (a `cast` DuckDB cannot do) prints the failure message the alert topic
 * would get for the same run deployed: the notify-failure task, given that execution as Step
 * Functions describes it (the Lambda's error response as the table's cause), publishes the same
 * subject and body but for the link.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { publishAlert } from '../../../lib/adapters/alerts';
import { readFailedExecution } from '../../../lib/adapters/executionHistory';
import { notifyFailureTask } from '../../../lib/tasks/notifyFailure/notifyFailureTask';
import { datalake, type Outcome } from '../../helpers/runDatalake';

/** The demo marketplace with `items.title` (text such as '겨울 패딩 (L) 🧥') cast to integer: its transform fails. */
const CONFIG = {
  name: 'demo',
  pools: [{ name: 'small', maxConcurrency: 1 }],
  sources: [
    {
      name: 'marketplace',
      engine: 'postgres',
      database: 'postgres',
      primary: { instanceIdentifier: 'demo-marketplace' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-reader-AbCdEf',
      defaultMode: 'snapshot-export',
      includeTables: 'listed',
      tables: [
        { name: 'users', pool: 'small' },
        { name: 'items', pool: 'small', columns: { title: { cast: 'integer' } } },
      ],
    },
  ],
};

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:demo-marketplace-snapshot';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:demo-alerts';

/** The printed message: from the subject (after `error: `) to the line before the local run's note. */
function printedMessage(stderr: string): { subject: string; body: string } {
  const lines = stderr.slice(stderr.indexOf('error: ')).split('\n');
  const end = lines.findIndex((line) => line.startsWith('  (local run '));
  return { subject: (lines[0] ?? '').slice('error: '.length), body: `${lines.slice(1, end).join('\n')}\n` };
}

/** A failed table's printed item (`- items: <error>: <message>`, continued lines indented) back to its error and message. */
function printedTableError(body: string, table: string): { errorType: string; errorMessage: string } {
  const start = body.indexOf(`\n- ${table}: `) + `\n- ${table}: `.length;
  const text = body
    .slice(start, body.indexOf('\n\nDetails: '))
    .split('\n')
    .map((line) => line.replace(/^ {4}/, ''))
    .join('\n');
  const [errorType = '', ...rest] = text.split(': ');
  return { errorType, errorMessage: rest.join(': ') };
}

describe('datalake local, a run that fails on a table', () => {
  let dir: string;
  let lakeDir: string;
  let local: Outcome;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-failure-message-'));
    lakeDir = join(dir, 'lake');
    const config = join(dir, 'failing.yaml');
    // JSON is YAML.
    writeFileSync(config, JSON.stringify(CONFIG));
    local = await datalake('local', '--config', config, '--lake-dir', lakeDir);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 printing the failure message: the subject, the run, the failed table with its cause, where to look', () => {
    // Act
    const { subject, body } = printedMessage(local.stderr);

    // Assert
    expect(local.code).toBe(1);
    expect(subject).toBe('Data lake demo: marketplace snapshot run FAILED: 1 table failed');
    expect(body).toMatch(
      new RegExp(
        [
          '^The snapshot pipeline of source marketplace in data lake demo failed\\.',
          '',
          'State machine: demo-marketplace-snapshot',
          'Execution: \\d{8}T\\d{6}Z',
          'Started: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z',
          'Status: FAILED',
          '',
          'Failed tables \\(1\\):',
          '- items: TransformError: Transform of marketplace\\.items \\(run \\d{8}T\\d{6}Z, part s3://raw/exports/marketplace/[^)]+\\) failed: Column public\\.items\\.title \\(text, curated as integer\\) holds a value that does not convert \\(row 0 of the part, from 0\\): Conversion Error: Could not convert string [^\\n]* to INT32[\\s\\S]*',
          '',
          `Details: datalake status --local --lake-dir ${lakeDir.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          '$',
        ].join('\n'),
      ),
    );
  });

  it('prints the message the alert topic gets for the same run deployed, but for the link', async () => {
    // Arrange: the execution as Step Functions describes it; the table's Fail states enter with the
    // Lambda's error response as the cause
    const { subject, body } = printedMessage(local.stderr);
    const execution = /\nExecution: (\S+)\n/.exec(body)?.[1] ?? '';
    const startedAt = /\nStarted: (\S+)\n/.exec(body)?.[1] ?? '';
    const { errorType, errorMessage } = printedTableError(body, 'items');
    const cause = `Table marketplace.items failed with ${errorType}: ${JSON.stringify({
      errorType,
      errorMessage,
      trace: [`${errorType}: ${errorMessage}`, '    at transformTask (/var/task/index.js:1:1)'],
    })}`;
    const executionArn = `arn:aws:states:eu-west-1:123456789012:execution:demo-marketplace-snapshot:${execution}`;
    const sfn = mockClient(SFNClient);
    const sns = mockClient(SNSClient);
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn,
      stateMachineArn: STATE_MACHINE_ARN,
      name: execution,
      status: 'FAILED',
      startDate: new Date(startedAt),
      error: 'TableFailed',
      cause,
    });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 30,
          timestamp: new Date(),
          type: 'FailStateEntered',
          stateEnteredEventDetails: {
            name: 'small: table failed',
            input: JSON.stringify({ failure: { cause } }),
          },
        },
      ],
    });
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    // Act
    const published = await notifyFailureTask(
      {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn, stateMachineArn: STATE_MACHINE_ARN, status: 'FAILED' },
      },
      {
        readFailedExecution: (arn) => readFailedExecution(new SFNClient({ region: 'eu-west-1' }), arn),
        publishAlert: (alert) => publishAlert(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN, alert),
        settings: { LAKE_NAME: 'demo', SOURCE_NAME: 'marketplace', ALERT_TOPIC_ARN: TOPIC_ARN },
      },
    );
    sfn.restore();
    sns.restore();

    // Assert
    const withoutLink = (text: string) => text.replace(/\nDetails: .*\n$/, '\n');
    expect(published.subject).toBe(subject);
    expect(withoutLink(published.body)).toBe(withoutLink(body));
    expect(published.body).toContain(
      `\nDetails: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn}\n`,
    );
  });
});
