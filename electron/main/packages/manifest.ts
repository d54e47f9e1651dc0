import * as z from 'zod'
import { PackageError } from './errors'
import { normalisePackagePath } from './paths'

export const MANIFEST_FORMAT = 'paneldesk.package/1'
export const MANIFEST_FILE = 'manifest.json'

const packagePath = z.string().min(1).max(1024).describe('A relative path inside the package, with forward slashes.')

/** manifest.json, format paneldesk.package/1. Unknown fields are kept (looseObject), never rejected. */
export const manifestSchema = z
  .looseObject({
    format: z.literal(MANIFEST_FORMAT).describe('Format and version of the package.'),
    project: z
      .looseObject({
        name: z.string().trim().min(1).describe('项目名称'),
        code: z.string().optional().describe('项目编号'),
        ownerUnit: z.string().trim().min(1).describe('建设单位'),
        authorUnit: z.string().optional().describe('编制单位'),
        declaredInvestment: z.number().nonnegative().describe('送审投资（万元）'),
        approvedEstimate: z.number().positive().optional().describe('原核定投资概算（万元），调整概算时填写'),
        summary: z.string().optional().describe('项目简介')
      })
      .describe('The project under review. Amounts in 万元.'),
    documents: z
      .array(
        z.looseObject({
          path: packagePath,
          title: z.string().trim().min(1),
          role: z.enum(['main', 'attachment']).describe('main: 可研暨初设方案; attachment: anything else')
        })
      )
      .describe('Documents (PDF or DOCX; a main document may also be Word 97-2003 DOC; other attachments are kept without text).'),
    budget: packagePath.describe('投资概算表, .xlsx, .xls or .csv'),
    dataCatalog: packagePath.optional().describe('数据目录, .xlsx, .xls or .csv'),
    dataNeeds: packagePath.optional().describe('数据需求清单, .xlsx, .xls or .csv'),
    revises: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '应为 64 位十六进制的 SHA-256 摘要')
      .optional()
      .describe('修改稿：所修改的申报包（送审稿或上一版修改稿）.pdpkg 文件的 SHA-256，64 位十六进制')
  })
  .describe('PanelDesk proposal package manifest, v1')

export type Manifest = z.infer<typeof manifestSchema>

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')
}

/** Parses and validates manifest.json bytes; paths in it are normalised and checked for safety. */
export function parseManifest(bytes: Uint8Array, where: string): Manifest {
  let json: unknown
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
    json = JSON.parse(text)
  } catch (cause) {
    throw new PackageError('manifest-invalid-json', `${where} 中的 manifest.json 不是有效的 UTF-8 JSON 文件。`, MANIFEST_FILE, { cause })
  }
  if (typeof json === 'object' && json !== null && 'format' in json) {
    const format = (json as { format: unknown }).format
    if (typeof format === 'string' && format !== MANIFEST_FORMAT && format.startsWith('paneldesk.package/')) {
      throw new PackageError(
        'manifest-unsupported-version',
        `${where} 的格式版本为“${format}”，本程序只支持“${MANIFEST_FORMAT}”，请升级评审台。`,
        MANIFEST_FILE
      )
    }
  }
  const result = manifestSchema.safeParse(json, { error: z.locales.zhCN().localeError })
  if (!result.success) {
    const details = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issuePath(issue.path) || '（根）'}：${issue.message}`)
      .join('；')
    throw new PackageError('manifest-invalid', `${where} 中的 manifest.json 内容无效：${details}。`, MANIFEST_FILE)
  }
  const manifest = result.data
  const label = `${where} 的 manifest.json`
  manifest.budget = normalisePackagePath(manifest.budget, label)
  if (manifest.dataCatalog !== undefined) manifest.dataCatalog = normalisePackagePath(manifest.dataCatalog, label)
  if (manifest.dataNeeds !== undefined) manifest.dataNeeds = normalisePackagePath(manifest.dataNeeds, label)
  for (const doc of manifest.documents) doc.path = normalisePackagePath(doc.path, label)
  if (manifest.revises !== undefined) manifest.revises = manifest.revises.toLowerCase()
  return manifest
}

/** JSON Schema (draft 2020-12) of manifest v1, generated from the zod schema. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://paneldesk.invalid/schemas/package-format-1.json',
    title: 'PanelDesk package manifest (paneldesk.package/1)',
    ...z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', io: 'input' })
  }
}
