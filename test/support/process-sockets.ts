import { readdir, readFile, readlink } from 'node:fs/promises';

/** The process and all its descendants, read from /proc (npm start runs node under npm and tsx). */
export async function processTree(rootPid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name is in parentheses and may hold spaces; the parent pid is the second field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parents.set(Number(entry), ppid);
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * Stops a process and everything it started: `npm start` runs node under npm, sh and tsx, and a
 * signal to the top one alone can leave the service running after the test.
 */
export async function stopProcessTree(rootPid: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const tree = await processTree(rootPid);
  for (const pid of tree.reverse()) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone: that is what we want.
    }
  }
}

/** Remote ports of the TCP connections the given processes hold open, from /proc/net/tcp{,6}. */
export async function remoteTcpPorts(pids: number[]): Promise<number[]> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && inodes.has(fields[9]!)) ports.push(parseInt(fields[2]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // A zombie (state Z) has exited; only its parent has not collected it yet.
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}
