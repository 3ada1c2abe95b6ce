import { installDriver, type InstallStep } from '@berth/core';
import type { CliContext } from '../context.js';
import { cliVersion } from '../version.js';
import { validationOptions } from './driver-validation.js';
import { startProgressLine } from './driver-progress.js';

/** `berth driver install SPEC`: one `Installed driver ...` line per driver the package declares. */
export async function run(ctx: CliContext, args: string[]): Promise<void> {
  const [spec = ''] = args;
  const progress = startProgressLine(ctx);
  let installed;
  try {
    installed = await installDriver(spec, {
      storePath: ctx.storePath,
      cwd: process.cwd(),
      ...validationOptions(ctx, cliVersion()),
      onStep: (step) => progress.update(describeStep(step)),
      // Ctrl-C stops npm and the install is rolled back before berth exits.
      signal: ctx.finishOnInterrupt(),
    });
  } finally {
    progress.stop();
  }
  for (const d of installed) ctx.stdout(`Installed driver "${d.name}" ${d.version} (${d.packageName}) from ${spec}\n`);
}

function describeStep(step: InstallStep): string {
  switch (step.step) {
    case 'pack':
      return `Packing ${step.path} with npm...`;
    case 'npm':
      return `Installing ${step.packageName} with npm...`;
    case 'validate':
      return `Checking that ${step.drivers.map((name) => `"${name}"`).join(', ')} start${step.drivers.length === 1 ? 's' : ''}...`;
  }
}
