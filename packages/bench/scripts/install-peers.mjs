// Installs the peers the suite compares against into packages/bench/peers (git-ignored): AWS's Node
// runtime interface client, whose install builds curl and a native addon (about 2 minutes, once).
// A failure is reported and the suite runs without those rows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RIC = 'aws-lambda-ric@4.0.2';
const peers = fileURLToPath(new URL('../peers/', import.meta.url));
if (existsSync(`${peers}node_modules/aws-lambda-ric/rapid-client.node`)) process.exit(0);
mkdirSync(peers, { recursive: true });
// npm 11 runs a dependency's install scripts only where package.json allows them.
writeFileSync(
  `${peers}package.json`,
  `${JSON.stringify({ private: true, allowScripts: { 'aws-lambda-ric': true } })}\n`,
);
console.log(`bench: installing ${RIC} into ${peers} (builds a native addon, about 2 minutes)`);
const result = spawnSync('npm', ['install', '--no-save', RIC], {
  cwd: peers,
  stdio: 'inherit',
});
if (result.status !== 0) console.log(`bench: ${RIC} did not install; its rows are skipped`);
