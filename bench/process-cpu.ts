// A bench's reading of another process's CPU: the share of one core it used over a window, from
// /proc/PID/stat (Linux), and a positive integer setting from the environment.
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** CPU seconds (user + system) the process has used. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Waits `seconds`, prints and returns the share of one core `pid` used meanwhile. */
export async function measureCpu(pid: number, what: string, seconds: number, width = 44): Promise<number> {
  const before = cpuSeconds(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const share = (cpuSeconds(pid) - before) / ((performance.now() - started) / 1000);
  console.log(`${what.padEnd(width)} ${(share * 100).toFixed(1).padStart(5)} % of one core`);
  return share;
}
