// After `tsc`, copies what the compiled service reads beside its code: the simulator's static page
// (src/simulator/public, served from dist/src/simulator/public when the demo runs the build).
import { cpSync } from 'node:fs';

cpSync('src/simulator/public', 'dist/src/simulator/public', { recursive: true });
