// `npm start`: builds what changed (scripts/build.mjs), then runs the app in this same process:
// a second Node.js process would add a tenth of a second to every start.
import './build.mjs';
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../dist/src/main.js');
