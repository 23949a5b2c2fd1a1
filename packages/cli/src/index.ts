export { createApiClient, ApiError } from './api-client.js';
export { readProfile, writeProfile, defaultProfilePath, type CliProfile } from './profile.js';
