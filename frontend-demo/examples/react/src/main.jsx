import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App.jsx';
import { BackchannelProvider } from './useBackchannelRequest.js';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BackchannelProvider>
      <App />
    </BackchannelProvider>
  </StrictMode>,
);
