import {
  PageBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import HomeIcon from '@material-ui/icons/Home';

const homePage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    title: 'Home',
    icon: <HomeIcon />,
    noHeader: true,
    loader: () => import('./HomePage').then(m => <m.HomePage />),
  },
});

/** The portal's landing page: golden paths to start from and the user's teams' components. */
export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homePage],
});
