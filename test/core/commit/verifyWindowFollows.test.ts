import { verifyWindowFollows } from '../../../lib/core/commit';
import { StaleWindowError } from '../../../lib/core/errors';

const RUN1 = '20261101T030000Z';
const RUN2 = '20261102T030000Z';
const RUN3 = '20261103T030000Z';

describe('verifyWindowFollows', () => {
  it('passes a run planned after the committed run', () => {
    expect(() =>
      verifyWindowFollows('service.users', RUN2, { through: 'b', afterRun: RUN1 }, RUN1),
    ).not.toThrow();
  });

  it('passes a first run while nothing is committed', () => {
    expect(() => verifyWindowFollows('service.users', RUN1, { through: 'a' }, undefined)).not.toThrow();
  });

  it('passes the committed run itself (a re-commit)', () => {
    expect(() =>
      verifyWindowFollows('service.users', RUN2, { through: 'b', afterRun: RUN1 }, RUN2),
    ).not.toThrow();
  });

  it('refuses a run planned after a run that is no longer the committed one', () => {
    expect(() => verifyWindowFollows('service.users', RUN3, { through: 'c', afterRun: RUN1 }, RUN2)).toThrow(
      new StaleWindowError({ table: 'service.users', runId: RUN3, plannedAfter: RUN1, committedRunId: RUN2 }),
    );
  });

  it('refuses a first run when another run was committed meanwhile, naming both', () => {
    expect(() => verifyWindowFollows('service.users', RUN3, { through: 'c' }, RUN2)).toThrow(
      `Table service.users: run ${RUN3} was planned after no committed run, but run ${RUN2} is committed now; allowed: only a run planned after the committed one (the next run reads from the committed watermark)`,
    );
  });

  it('refuses an empty run (nothing to read) planned after a run no longer committed', () => {
    expect(() => verifyWindowFollows('service.users', RUN3, { afterRun: RUN1 }, RUN2)).toThrow(
      StaleWindowError,
    );
  });
});
