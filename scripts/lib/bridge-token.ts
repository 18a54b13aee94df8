// How the test bridge's page proves it was served by this run of the web host (web-host.ts):
// the per-run token comes in the served index.html and goes back with every bridge request.
// Shared by the host (Node) and the page bridge (browser): constants only.

/** The <meta name> the host puts the token in. */
export const BRIDGE_TOKEN_META = 'call-review-bridge-token'
/** The request header that carries it. */
export const BRIDGE_TOKEN_HEADER = 'x-bridge-token'
/** The query parameter that carries it where a header cannot be set (EventSource). */
export const BRIDGE_TOKEN_PARAM = 'token'
