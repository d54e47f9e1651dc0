import { Alert, Button } from 'antd'

export function PageError({ error, onRetry }: { error: string; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={error}
      action={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  )
}
