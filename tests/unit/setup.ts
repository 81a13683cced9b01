/**
 * Property tests explore new random cases on every local run; CI pins the seed so that a red
 * CI always means a change broke something (a failing local seed is printed by fast-check, and
 * goes into the test's `examples` once understood).
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261128 });
