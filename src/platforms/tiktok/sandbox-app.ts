/*
 * The app the sandbox emulator knows without configuration. Both the emulator and the adapter's sandbox
 * configuration read these, so the adapter never imports emulator code.
 */

/** The client key of the default sandbox app. */
export const SANDBOX_CLIENT_KEY = 'sandbox-client-key';
/** The client secret of the default sandbox app. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
