#!/usr/bin/env node
// The operator CLI runs the TypeScript sources directly (tsx), like `npm start`: no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
