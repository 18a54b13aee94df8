// Main's events for the page (the contract's eventContract): the sink the services push into,
// validated in one place before anything leaves main.
export { createEventHub, noEmit, validatedEmit, type Emit, type EventHub } from './events'
