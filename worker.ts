// The worker process's entry at the top level, where the Procfile and the original's worker.py put it;
// the process itself is put together in src/entries/worker.ts like the other entries.
import './src/entries/worker.js';
