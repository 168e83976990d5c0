import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ; 100 on Linux everywhere we run). */
const TICKS_PER_SECOND = 100;

/** Direct child processes of this process (Linux /proc; empty elsewhere). */
const childPids = (): number[] => {
  try {
    return readdirSync('/proc/self/task').flatMap((task) =>
      readFileSync(`/proc/self/task/${task}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
};

const processCpuMs = (pid: number): number => {
  try {
    // Fields after the command (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return 0;
  }
};

export type CpuSample = { nodeMs: number; childrenMs: number };

/**
 * CPU time (user + system) of this Node process and of its direct children (DynamoDB Local's JVM)
 * so far: the difference of two samples over the wall time says who was busy during a run.
 */
export const cpuSample = (): CpuSample => {
  const own = process.cpuUsage();
  return {
    nodeMs: (own.user + own.system) / 1000,
    childrenMs: childPids().reduce((sum, pid) => sum + processCpuMs(pid), 0),
  };
};

/** `Node 95 %, DynamoDB Local 80 % of one core` over `wallMs`. */
export const cpuShare = (before: CpuSample, after: CpuSample, wallMs: number): string =>
  `Node ${((100 * (after.nodeMs - before.nodeMs)) / wallMs).toFixed(0)} %, DynamoDB Local (JVM) ` +
  `${((100 * (after.childrenMs - before.childrenMs)) / wallMs).toFixed(0)} % of one core`;
