/** The recordings or transcript cannot be aligned as given (wrong format, unreadable file). */
export class AlignmentInputError extends Error {
  override name = 'AlignmentInputError'
}
