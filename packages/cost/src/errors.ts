// The base class of every downhill error (each package has the same copy).
export { DownhillError } from './downhill-error.js';
