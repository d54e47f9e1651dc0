// First, before React: sends the first screen's reads (boot.ts).
import './boot'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { prefetchArrived } from './api'
import './global.css'

/**
 * How long the first render waits for the first screen's answers. They usually arrive while React is evaluated;
 * a slow backend gets the shell (with its loading states) after this, and the answers are taken when they come.
 */
const FIRST_RENDER_WAIT_MS = 1000

// antd's providers (theme, locale) wrap each page that uses antd (components/WithAntd.tsx), not the shell: the
// shell and the 会议 list are plain React, so antd is not evaluated before the first screen.
function render(): void {
  const root = document.getElementById('root')
  if (!root) return
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
}

// One first render with the data (index.html's frame stays on screen meanwhile), not one per answer.
void prefetchArrived(FIRST_RENDER_WAIT_MS).then(render)
