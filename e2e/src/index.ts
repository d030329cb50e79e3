export { launchChromium, screenshot, SCREENSHOT_DIR } from './browser';
