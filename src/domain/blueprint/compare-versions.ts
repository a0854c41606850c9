/** Orders blueprint versions ("1.0.0", "1.2", "2.0.0-rc.1") numerically, newest last. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPre(a);
  const [coreB, preB] = splitPre(b);
  const partsA = coreA.split(".").map(Number);
  const partsB = coreB.split(".").map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  // A pre-release comes before its release: 2.0.0-rc.1 < 2.0.0.
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  return Math.sign(preA.localeCompare(preB, "en", { numeric: true }));
}

function splitPre(version: string): [string, string | undefined] {
  const match = /^([^-+]*)(?:-([^+]*))?/.exec(version);
  return [match?.[1] ?? version, match?.[2]];
}

export function newestFirst(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(b, a));
}
