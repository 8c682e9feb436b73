import { fuzzSchema } from './fuzz-schema';

fuzzSchema('entry');
