export { readPackage, readBudgetFile, packageContent, budgetContent, sha256Hex } from './readPackage'
export type {
  ParsedPackage,
  PackageFile,
  PackageBudget,
  PackageDataList,
  PackageDocument,
  ReadPackageOptions,
  ReadProgress,
  ReadStage
} from './readPackage'
export { buildPackage, zipFiles } from './buildPackage'
export { inspectPackage, type PackageInspection } from './summary'
export { PackageError, isPackageError, type PackageErrorCode } from './errors'
export { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from './limits'
export { manifestSchema, manifestJsonSchema, parseManifest, MANIFEST_FORMAT, type Manifest } from './manifest'
export { extractPdfText, defaultPdfAssets, type PdfAssets } from './pdfText'
export { extractDocxText } from './docxText'
export { readSheetFile } from './sheets'
export type { PackageFilesInput, PackageInput } from './source'
export { parseBudgetBasis, basisText, MAX_BASIS_SHEETS, MAX_SHEET_NAME, BAD_BASIS_MESSAGE } from './basis'
