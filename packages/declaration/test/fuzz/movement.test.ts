import { fuzzSchema } from './fuzz-schema';

fuzzSchema('movement');
