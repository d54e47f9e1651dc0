/** The error a builder throws when its input cannot make a valid document (message in Chinese). */
export class DocumentInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DocumentInputError'
  }
}
