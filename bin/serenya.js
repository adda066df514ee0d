#!/usr/bin/env node
// Entry of the `serenya` bin: checks the runtime, then loads the compiled CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `serenya needs Node.js 22.13 or newer (this is ${process.version}). Run it through npm (npm start, npx serenya), which uses the runtime pinned in package.json.\n`,
  );
  process.exit(1);
}
await import('../dist/main.js');
