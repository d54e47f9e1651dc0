// Layers (ARCHITECTURE.md): only electron/main/app and electron/preload import 'electron'; shared/ imports no
// Node, Electron, DOM or React; the renderer imports no main-process code (also enforced by tsconfig.web.json).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'worker_threads']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main/app and electron/preload may import 'electron'." }] }]
    }
  },
  {
    files: ['electron/main/app/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ runs everywhere: no Electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ runs everywhere: no Node built-ins.' },
            { group: ['react', 'react-dom', 'react/*', 'antd', 'antd/*'], message: 'shared/ runs everywhere: no React or UI.' },
            { group: ['**/electron/**', '**/renderer/**', '**/server/**'], message: 'shared/ imports only shared/.' }
          ]
        }
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'process', 'Buffer', '__dirname', 'require']
    }
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through renderer/src/api.ts.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer is a sandboxed web page: no Node built-ins.' },
            { group: ['**/electron/**', '**/server/**'], message: 'The renderer imports shared/ only, never main-process code.' }
          ]
        }
      ]
    }
  },
  {
    // The first screen (the shell and the 会议 list) evaluates no antd (start-up, issue 11 item 11): antd there only
    // through WithAntd / a lazy module (docs/architecture.md, Startup). Static imports of these files' own modules
    // are checked here; keep what they import antd-free too.
    files: [
      'renderer/src/main.tsx',
      'renderer/src/App.tsx',
      'renderer/src/api.ts',
      'renderer/src/format.ts',
      'renderer/src/hooks/useQuery.ts',
      'renderer/src/hooks/useRoute.ts',
      'renderer/src/components/{Badge,HoverTip,Loading,NavMenu,PageTitle,WithAntd,focusRules}.ts{,x}',
      'renderer/src/features/meetings/{MeetingsPage,MeetingsTable,HeaderMeeting}.tsx',
      'renderer/src/features/sync/{SyncIndicator,syncEvents}.ts{,x}'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through renderer/src/api.ts.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer is a sandboxed web page: no Node built-ins.' },
            { group: ['**/electron/**', '**/server/**'], message: 'The renderer imports shared/ only, never main-process code.' },
            { group: ['antd', 'antd/*', '@ant-design/*'], message: 'The first screen loads no antd: wrap antd parts in WithAntd (components/WithAntd.tsx) or a lazy module.' }
          ]
        }
      ],
      // An Intl formatter made when the module loads sets up ICU's locale data before the first screen (start-up,
      // sixth round, docs/architecture.md): make it on first use (format.ts's formatWan).
      'no-restricted-syntax': [
        'error',
        ...['Program > VariableDeclaration', 'Program > ExportNamedDeclaration > VariableDeclaration'].map((decl) => ({
          selector: `${decl} > VariableDeclarator > NewExpression[callee.object.name='Intl']`,
          message: 'The first screen makes no Intl formatter when its modules load: make it on first use.'
        }))
      ]
    }
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/features/**/*.ts', 'renderer/src/hooks/**/*.ts', 'renderer/src/components/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'paneldesk', message: 'Only renderer/src/api.ts touches window.paneldesk.' }]
    }
  }
)
