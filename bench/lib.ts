/**
 * Shared benchmark helpers: run one variant in its own process (one library's JIT and GC state must
 * not skew another's), read its peak RSS from /proc while it runs, and print tables.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchRoot = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(benchRoot, '..');

/** Imports a compiled module of the gateway from dist/ (run `buildDist()` first). */
export async function distModule<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot, 'dist', path)).href)) as T;
}

/** Compiles src/ to dist/ once, so benchmarks run what users run (and bin/edigw need not rebuild). */
export function buildDist(): void {
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

export interface ChildResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  /** Peak resident set size of the child in MB (VmHWM), sampled while it ran. */
  readonly peakRssMb: number;
  readonly wallMs: number;
}

function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a command, sampling its peak RSS every 20 ms (VmHWM only grows, so the last sample is the peak). */
export function runChild(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setInterval(() => { peak = Math.max(peak, vmHwm(child.pid!)); }, 20);
    child.on('error', (err) => { clearInterval(timer); reject(err); });
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ stdout, stderr, code, peakRssMb: peak, wallMs: performance.now() - started });
    });
  });
}

/** Runs a TypeScript worker module in a fresh Node process (via tsx) and parses its JSON line. */
export async function runWorker<T>(script: string, args: readonly string[], nodeOptions: readonly string[] = []): Promise<T & { peakRssMb: number }> {
  const r = await runChild(process.execPath, [...nodeOptions, '--import', 'tsx', script, ...args]);
  if (r.code !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const line = r.stdout.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(line) as T), peakRssMb: r.peakRssMb };
}

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...cells.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function machine(): string {
  const cpus = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/gm) ?? []).length;
  return `Node ${process.version}, ${cpus} CPU cores`;
}
