import { fuzzSchema } from './fuzz-schema';

fuzzSchema('domestic');
