import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

/** Plugins are discovered from this package's dependencies (`app.packages: all`). */
export default createApp({
  features: [navModule, homeModule],
});
