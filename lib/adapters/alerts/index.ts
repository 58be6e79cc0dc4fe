export { type Alert, publishAlert } from './publishAlert';
