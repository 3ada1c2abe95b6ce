// Samples a process tree while it runs: peak total RSS and how many distinct processes it had.
import { readFileSync, readdirSync } from 'node:fs';

function childrenOf(pid) {
  const kids = [];
  let tasks = [];
  try { tasks = readdirSync(`/proc/${pid}/task`); } catch { return kids; }
  for (const t of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) kids.push(Number(c));
    } catch { /* gone */ }
  }
  return kids;
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

/** Starts sampling `rootPid` every `intervalMs`; stop() returns {peakKiB, processes}. */
export function sampleTree(rootPid, intervalMs = 2) {
  const seen = new Set();
  let peak = 0;
  const tick = () => {
    const stack = [rootPid];
    let total = 0;
    while (stack.length) {
      const pid = stack.pop();
      seen.add(pid);
      total += rssKiB(pid);
      stack.push(...childrenOf(pid));
    }
    peak = Math.max(peak, total);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return { stop() { clearInterval(timer); return { peakKiB: peak, processes: seen.size }; } };
}
