export { buildProgram } from './program.js';
export { EXIT, type ExitCode } from './exit-codes.js';
