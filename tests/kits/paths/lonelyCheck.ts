/**
 * A process whose only pending work is one path check (as a command-line run is): prints the check's result. Run by
 * electron/main/paths/fsProbe.test.ts; the process must not exit before the probe has started and answered.
 */
import { FsProbe, childLauncher } from '../../../electron/main/paths/fsProbe'

const probe = new FsProbe(childLauncher())
const result = await probe.run({ op: 'checkFolder', path: process.argv[2] ?? '/tmp' }, 1500)
console.log(JSON.stringify(result))
probe.close()
