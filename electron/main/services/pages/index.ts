// The pages feature: what the rest of the main process may use of it.
export { contentTypeOf, readStaticFile, resolveStaticFile } from './static-files'
export { isTrustedUrl } from './trusted-origin'
