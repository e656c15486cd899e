import { ConsolePage } from './pages/ConsolePage';
import { loadAppConfig } from './config';

export function App() {
  return <ConsolePage config={loadAppConfig()} />;
}
