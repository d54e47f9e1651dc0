/**
 * The one API contract between the UI and the backend: method name → input schema (zod) and output type.
 * Served by two adapters (Electron IPC and HTTP on 127.0.0.1); both validate every input with these schemas.
 */
import type { z } from 'zod'
import { coreMethods } from './methods/core'
import { documentsMethods } from './methods/documents'
import { jobsMethods } from './methods/jobs'
import { reviewMethods } from './methods/review'
import { budgetMethods } from './methods/budget'
import { packageMethods } from './methods/packages'
import { uploadMethods } from './methods/uploads'
import { syncMethods } from './methods/sync'
import { secretariatMethods } from './methods/secretariat'
import { trustMethods } from './methods/trust'
import { filesMethods } from './methods/files'
import { versionMethods } from './methods/versions'
import { pricesMethods } from './methods/prices'
import { rubricsMethods } from './methods/rubrics'
import { rulesMethods } from './methods/rules'

/** All methods: one map, assembled from one module per domain (each adds its own file in methods/). */
export const contract = {
  ...coreMethods,
  ...documentsMethods,
  ...jobsMethods,
  ...reviewMethods,
  ...budgetMethods,
  ...packageMethods,
  ...uploadMethods,
  ...syncMethods,
  ...secretariatMethods,
  ...trustMethods,
  ...filesMethods,
  ...versionMethods,
  ...pricesMethods,
  ...rubricsMethods,
  ...rulesMethods
} as const

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = Contract[M]['output']

export const METHOD_NAMES = Object.keys(contract) as MethodName[]

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** The implementation of the contract, as the backend provides it. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

/** The handlers of one domain's methods (each domain module of the backend builds its own). */
export type HandlersFor<K extends MethodName> = { [M in K]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

/** How the renderer calls the backend, whatever the transport. */
export type ApiCaller = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>
