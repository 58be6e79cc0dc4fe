import { committedWatermark } from '../../../lib/core/commit';

const RUN = '20261123T030000Z';

describe('committedWatermark', () => {
  it('reads the run and the watermark its commit recorded in the view', () => {
    expect(committedWatermark({ datalake_run_id: RUN, datalake_watermark: '4711' })).toEqual({
      runId: RUN,
      value: '4711',
    });
  });

  it('is undefined when no run is committed', () => {
    expect(committedWatermark(undefined)).toBeUndefined();
    expect(committedWatermark({}, { value: '10', runId: RUN })).toBeUndefined();
  });

  it('has no value after a run that had nothing to read (an empty table, integer watermark)', () => {
    expect(committedWatermark({ datalake_run_id: RUN })).toEqual({ runId: RUN });
  });

  it("prefers the commit's watermark to a stored claim of another run", () => {
    expect(
      committedWatermark(
        { datalake_run_id: RUN, datalake_watermark: '40' },
        { value: '90', runId: '20261124T030000Z' },
      ),
    ).toEqual({ runId: RUN, value: '40' });
  });

  it('reads a lake committed before windows were recorded: the stored watermark that run advanced', () => {
    expect(committedWatermark({ datalake_run_id: RUN }, { value: '40', runId: RUN })).toEqual({
      runId: RUN,
      value: '40',
    });
  });

  it('ignores a stored claim of a run that never committed', () => {
    expect(committedWatermark({ datalake_run_id: RUN }, { value: '90', runId: '20261124T030000Z' })).toEqual({
      runId: RUN,
    });
  });
});
