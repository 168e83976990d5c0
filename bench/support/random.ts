/**
 * A small deterministic PRNG (mulberry32: 32-bit integer arithmetic, so the sequence does not
 * collapse into a short cycle as a float LCG does): the same numbers in [0, 1) on every run.
 */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
