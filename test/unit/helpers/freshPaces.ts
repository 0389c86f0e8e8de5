/**
 * The node keeps each execution's pace across its runs (transport/executionPaces.ts); tests reuse
 * execution IDs, so each test starts without the paces the tests before it left.
 */
import { executionPaces } from '../../../nodes/AmazonConnect/transport/executionPaces';

afterEach(() => executionPaces.forget());
