#!/usr/bin/env node
// berth-driver-conformance <executable> [--driver NAME] [--flag k=v ...] [--lifecycle] [--json]
import { runConformanceCli } from '../dist/testing/cli.js';

process.exitCode = await runConformanceCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
