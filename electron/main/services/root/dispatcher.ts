// The one entry point for renderer requests: checks the channel exists, validates the payload
// against the contract, runs the service, and answers with an IpcResult — never a throw.
import { contract, type Handlers, type IpcResult, type MethodName } from '../../../../shared/ipc/contract'
import { CHANNELS } from '../../../../shared/ipc/channels'
import { describeValidationError, fieldErrors } from '../../../../shared/validation'
import { AppError } from '../../../../shared/errors'
import { invalidRequestError, toErrorPayload } from '../api'

const METHOD_BY_CHANNEL = new Map<string, MethodName>(
  (Object.entries(CHANNELS) as [MethodName, string][]).map(([method, channel]) => [channel, method]),
)

export type Dispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>

export function createDispatcher(handlers: Handlers, onUnexpected: (error: unknown) => void = () => {}): Dispatch {
  return async (channel, payload) => {
    const method = METHOD_BY_CHANNEL.get(channel)
    if (!method) {
      return { ok: false, error: invalidRequestError({ 'zh-CN': `未知通道 ${channel}`, en: `unknown channel ${channel}` }).toPayload() }
    }
    const parsed = contract[method].request.safeParse(payload)
    if (!parsed.success) {
      return { ok: false, error: invalidRequestError(describeValidationError(parsed.error), fieldErrors(parsed.error)).toPayload() }
    }
    try {
      const handler = handlers[method] as (request: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (!(error instanceof AppError)) onUnexpected(error)
      return { ok: false, error: toErrorPayload(error) }
    }
  }
}
