#!/usr/bin/env node
// CommonJS on purpose: no ES module loader before the bundle starts (see scripts/bundle.mjs).
require('../dist/bundle/start.cjs');
