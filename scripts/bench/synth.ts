/**
 * Synth benchmark: how long `npm run synth` of the example config takes, as the README's deploy
 * section runs it (default `cdk.out`), with the handler bundle cache emptied (cold: every bundle
 * built, as every synth did before the cache) and right after (warm: the developer loop). Three
 * rounds of cold then warm; the medians are kept, wall clock and CPU seconds (user + sys of npm,
 * the CDK CLI, the app, esbuild and npm ci).
 *
 * Usage: `npx tsx scripts/bench/synth.ts` (part of `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_CACHE_DIR, REPO_ROOT } from '../../lib/infra/lambda/BUNDLE_CACHE_DIR';
import { recordTarget } from './targets';

const TARGET_SECONDS = 15;
const ROUNDS = 3;

interface SynthRun {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Bundles staged, and how many of them came from the cache. */
  readonly bundles: number;
  readonly reused: number;
}

/** `times` prints the shell's then its children's user and sys time, e.g. `0m21.310s 0m2.100s`. */
function childCpuSeconds(times: string): number {
  const children = times.trim().split('\n').at(-1) ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, minutes, seconds]) => sum + Number(minutes) * 60 + Number(seconds),
    0,
  );
}

function synth(log: string): SynthRun {
  const started = performance.now();
  const run = spawnSync('bash', ['-c', `npm run synth > '${log}' 2>&1; status=$?; times; exit $status`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    console.error(readFileSync(log, 'utf8').split('\n').slice(-30).join('\n'));
    throw new Error(`npm run synth exited with ${run.status}; its output ends above`);
  }
  const output = readFileSync(log, 'utf8');
  const bundles = output.match(/^Bundling asset /gm)?.length ?? 0;
  const reused = output.match(/bundle reused from the cache$/gm)?.length ?? 0;
  return { wallSeconds, cpuSeconds: childCpuSeconds(run.stdout), bundles, reused };
}

function median(runs: readonly SynthRun[]): SynthRun {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[Math.floor(sorted.length / 2)] as SynthRun;
}

const seconds = (value: number) => `${value.toFixed(1)} s`;
const show = (run: SynthRun) => `${seconds(run.wallSeconds)} (${run.cpuSeconds.toFixed(1)} CPU-s)`;
const showBundles = (run: SynthRun) => `${run.reused} of ${run.bundles} bundles from the cache`;

const logs = mkdtempSync(join(tmpdir(), 'bench-synth-'));
try {
  const cold: SynthRun[] = [];
  const warm: SynthRun[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    rmSync(BUNDLE_CACHE_DIR, { recursive: true, force: true });
    cold.push(synth(join(logs, `cold-${round}.log`)));
    warm.push(synth(join(logs, `warm-${round}.log`)));
    console.log(
      `round ${round}: cold ${show(cold.at(-1) as SynthRun)}, ${showBundles(cold.at(-1) as SynthRun)}; ` +
        `warm ${show(warm.at(-1) as SynthRun)}, ${showBundles(warm.at(-1) as SynthRun)}`,
    );
  }
  const coldMedian = median(cold);
  const warmMedian = median(warm);
  console.log(`npm run synth, example config: cold ${show(coldMedian)}, warm ${show(warmMedian)} (medians)`);
  recordTarget({
    step: 'npm run synth, example config (warm bundle cache)',
    ours: show(warmMedian),
    reference: `cold cache ${show(coldMedian)}`,
    measured: seconds(warmMedian.wallSeconds),
    target: `< ${TARGET_SECONDS} s`,
    met: warmMedian.wallSeconds < TARGET_SECONDS,
  });
} finally {
  rmSync(logs, { recursive: true, force: true });
}
