/** Environment for every Nx call of the npm scripts: no prompt, no daemon, no cloud, no interactive UI. */
export const nxEnv = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? 'false',
  NX_INTERACTIVE: 'false',
};
