// The platform's API: the signed client, its errors and the one retry policy.
export { createApiClient, DEFAULT_TIMEOUT_MS, type ApiClient } from './client'
export { invalidRequestError, redactSecrets, toAppError, toErrorPayload } from './errors'
export { withDeadline, type FetchLike } from './http'
export { backoffDelay, PATIENT_RETRY, QUICK_RETRY, StoppedError, withBackoff, worthRetrying, type BackoffContext, type RetryPolicy } from './retry'
export { API_VERSION, computeSignature, type Credentials } from './signature'
export { createNetwork, noProxyMatches, proxyFor, type Environment, type Network, type NetworkOptions, type ProxyOptions, type ProxyRoute } from './proxy'
