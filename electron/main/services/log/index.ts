// Main's log: the file the reviewer opens from the Help menu, and the scrubbing of secrets from it.
export { createLogFile, LOG_FILE_NAME, type LogFile, type LogFileOptions } from './log-file'
export { createSecretScrubber, type SecretScrubber } from './secret-scrubber'
