// What Linux's /proc says about processes and the machine: CPU time and memory, no dependencies.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat and /proc/stat (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in ms; undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Current (VmRSS) and peak (VmHWM) resident memory of a process, in MB (10^6 bytes). */
export function processMemoryMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: (kb('VmRSS') * 1024) / 1e6, peak: (kb('VmHWM') * 1024) / 1e6 };
  } catch {
    return undefined;
  }
}

/** Busy CPU time of the whole machine (all cores, everything but idle and iowait), in ms. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

/** Summed CPU ms of every process whose command name is one of `names` (e.g. postgres backends), by pid. */
export function cpuByCommand(names: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (!names.includes(comm)) continue;
      const ms = processCpuMs(Number(entry));
      if (ms !== undefined) out.set(Number(entry), ms);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

/** CPU ms spent between two cpuByCommand snapshots (processes that started meanwhile count in full). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** Samples a process's RSS every `everyMs`; stop() returns the samples (MB) and the peak seen. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { samples: number[]; maxSampled: number } } {
  const samples: number[] = [];
  const take = () => {
    const memory = processMemoryMb(pid);
    if (memory) samples.push(memory.rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { samples, maxSampled: Math.max(...samples) };
    },
  };
}
