// Deterministic, large config.json-like content for write number `seq`.
export function contentFor(seq, size) {
  const letter = String.fromCharCode(97 + (seq % 26));
  return JSON.stringify({ ConfigVersion: 3, seq, Driver: { blob: letter.repeat(size) } }, null, 4);
}
