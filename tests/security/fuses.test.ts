/**
 * Electron fuses at packaging (issue 15): electron-builder.yml sets them, and electron-builder's own mapping turns
 * each key into the fuse it means (a misspelt key would be silently ignored, so the mapping is checked too).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const config = yaml.load(fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8')) as {
  asar?: boolean
  electronFuses?: Record<string, boolean>
}

describe('Electron fuses', () => {
  it('are set in electron-builder.yml', () => {
    expect(config.asar).toBe(true)
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('reach the fuse wire as meant through electron-builder', async () => {
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Record<string | number, unknown>> } }
    }
    const { FuseV1Options: F } = await import('@electron/fuses')
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
    expect(wire[F.RunAsNode]).toBe(false)
    expect(wire[F.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(wire[F.EnableNodeCliInspectArguments]).toBe(false)
    expect(wire[F.OnlyLoadAppFromAsar]).toBe(true)
    expect(wire[F.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(wire[F.EnableCookieEncryption]).toBe(true)
    expect(wire[F.GrantFileProtocolExtraPrivileges]).toBe(false)
  })
})
