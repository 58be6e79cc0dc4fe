import { lambdaVcpus } from './lambdaVcpus';

describe('lambdaVcpus (Configure Lambda function memory: 1,769 MB = one vCPU, 128 to 10,240 MB)', () => {
  it('gives one vCPU of CPU time at 1,769 MB and the extract’s 2,048 MB a little more', () => {
    expect(lambdaVcpus(1769)).toBe(1);
    expect(lambdaVcpus(2048)).toBeCloseTo(1.158, 3);
  });

  it('stays within the 6 vCPUs of the largest function (10,240 MB)', () => {
    expect(lambdaVcpus(10_240)).toBeGreaterThan(5);
    expect(lambdaVcpus(10_240)).toBeLessThanOrEqual(6);
  });

  it('refuses a memory Lambda does not accept, naming it', () => {
    expect(() => lambdaVcpus(10_241)).toThrow(
      'Lambda memory 10241 MB: allowed a whole number from 128 to 10240',
    );
    expect(() => lambdaVcpus(127)).toThrow(/Lambda memory 127 MB/);
    expect(() => lambdaVcpus(1536.5)).toThrow(/Lambda memory 1536.5 MB/);
  });
});
