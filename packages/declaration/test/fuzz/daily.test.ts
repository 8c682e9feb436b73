import { fuzzSchema } from './fuzz-schema';

fuzzSchema('daily');
