// Test helpers of @switchboard/core (never imported by production code).
export { buildTestPdf } from './testing/build-test-pdf';
