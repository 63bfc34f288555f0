/**
 * A real S3-compatible server for tests (s3rver, which must be installed beside this package:
 * `npm install --save-dev s3rver`), as this package's own tests and the many-workers film test use it.
 */
export { readmeBucket, startTestS3Server, testBucket, testCredentials, type TestS3Server } from './test-s3-server.js';
